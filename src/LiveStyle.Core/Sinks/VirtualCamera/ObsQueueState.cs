namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>enum queue_state of OBS's shared-memory queue.</summary>
public enum ObsQueueState : uint
{
    Invalid = 0,
    Starting = 1,
    Ready = 2,
    Stopping = 3,
}
