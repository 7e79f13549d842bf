namespace LiveStyle.Train.Training;

/// <summary>What a checkpoint records besides the weights: where training stopped and where each image stream stood.</summary>
public sealed record CheckpointState(int Iteration, long ContentPosition, long StylePosition, int Seed);
