namespace LiveStyle.Core.Quantization;

/// <summary>The largest magnitude of each channel of one activation over many calibration runs.</summary>
public sealed class ChannelMaxima
{
    public float[]? Values { get; private set; }

    /// <param name="values">[C, H·W] (batch 1).</param>
    public void Add(ReadOnlySpan<float> values, int channels)
    {
        Values ??= new float[channels];
        var spatial = values.Length / channels;
        for (var c = 0; c < channels; c++)
        {
            var largest = Values[c];
            foreach (var v in values.Slice(c * spatial, spatial)) largest = Math.Max(largest, Math.Abs(v));
            Values[c] = largest;
        }
    }
}
