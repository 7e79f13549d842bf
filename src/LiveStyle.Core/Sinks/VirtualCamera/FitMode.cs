namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>How a frame of another shape is brought to the virtual camera's fixed size; it is never stretched.</summary>
public enum FitMode
{
    /// <summary>Scale until the picture fills the output and cut off what sticks out (centred).</summary>
    Crop,
    /// <summary>Scale until the whole picture fits and fill the rest with black bars.</summary>
    Letterbox,
}
