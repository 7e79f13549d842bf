namespace LiveStyle.Core.Temporal;

/// <summary>Whether stylized frames are stabilized over time (on) or shown as the network made them (off).</summary>
public enum TemporalMode { On, Off }

public static class TemporalModes
{
    public static TemporalMode Parse(string text) => text.ToLowerInvariant() switch
    {
        "on" => TemporalMode.On,
        "off" => TemporalMode.Off,
        _ => throw new LiveStyleException($"unknown --temporal '{text}': use on or off"),
    };

    public static string Describe(this TemporalMode mode) => mode == TemporalMode.On ? "temporal on" : "temporal off";
}
