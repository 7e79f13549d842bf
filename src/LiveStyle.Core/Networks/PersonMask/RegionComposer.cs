using OpenCvSharp;

namespace LiveStyle.Core.Networks.PersonMask;

/// <summary>Which parts of the frame are stylized; the others show the camera frame.</summary>
public enum StylizedRegions
{
    All,
    Background,
    Person,
}

/// <summary>
/// The linear blend out = m·person + (1 − m)·room per pixel, m the soft person mask: linear, so
/// stylizing the background and stylizing the person of one frame add up to the frame plus its
/// full stylization.
/// </summary>
public static class RegionComposer
{
    public static StylizedRegions Parse(string text) => text.ToLowerInvariant() switch
    {
        "all" => StylizedRegions.All,
        "background" => StylizedRegions.Background,
        "person" => StylizedRegions.Person,
        _ => throw new LiveStyleException($"unknown regions '{text}': use all, background or person"),
    };

    public static string Name(this StylizedRegions regions) => regions.ToString().ToLowerInvariant();

    /// <summary>What goes where for <paramref name="regions"/>: (person's picture, room's picture).</summary>
    public static (Mat Person, Mat Room) Sources(StylizedRegions regions, Mat frame, Mat stylized) => regions switch
    {
        StylizedRegions.Background => (frame, stylized),
        StylizedRegions.Person => (stylized, frame),
        _ => (stylized, stylized),
    };

    /// <summary>8-bit BGR: output = round(m·person + (1 − m)·room); <paramref name="mask"/> CV_32FC1 of the same size.</summary>
    /// <remarks>
    /// Scalar per pixel on purpose: OpenCV's blendLinear divides by w1 + w2 + 1e-5, which breaks the exact sum of the two modes.
    /// Runs of m = 0 or m = 1 (most of a frame) are copied whole, or skipped when the output already is that picture (the live view blends into the stylized frame).
    /// </remarks>
    public static unsafe void Blend(Mat mask, Mat person, Mat room, Mat output)
    {
        if (mask.Type() != MatType.CV_32FC1 || person.Type() != MatType.CV_8UC3 || room.Type() != MatType.CV_8UC3)
            throw new ArgumentException("expected a float mask and two 8-bit BGR images");
        if (person.Size() != mask.Size() || room.Size() != mask.Size())
            throw new ArgumentException($"sizes differ: mask {mask.Size()}, person {person.Size()}, room {room.Size()}");
        output.Create(mask.Size(), MatType.CV_8UC3);
        bool personIsOutput = person.Data == output.Data, roomIsOutput = room.Data == output.Data;
        int width = mask.Cols, height = mask.Rows;
        for (var y = 0; y < height; y++)
        {
            var m = (float*)mask.Ptr(y);
            byte* a = (byte*)person.Ptr(y), b = (byte*)room.Ptr(y), o = (byte*)output.Ptr(y);
            var x = 0;
            while (x < width)
            {
                var w = m[x];
                var start = x;
                if (w <= 0f)
                {
                    while (x < width && m[x] <= 0f) x++;
                    if (!roomIsOutput) new ReadOnlySpan<byte>(b + 3 * start, 3 * (x - start)).CopyTo(new Span<byte>(o + 3 * start, 3 * (x - start)));
                }
                else if (w >= 1f)
                {
                    while (x < width && m[x] >= 1f) x++;
                    if (!personIsOutput) new ReadOnlySpan<byte>(a + 3 * start, 3 * (x - start)).CopyTo(new Span<byte>(o + 3 * start, 3 * (x - start)));
                }
                else
                {
                    var i = x * 3;
                    o[i] = (byte)(b[i] + w * (a[i] - b[i]) + 0.5f);
                    o[i + 1] = (byte)(b[i + 1] + w * (a[i + 1] - b[i + 1]) + 0.5f);
                    o[i + 2] = (byte)(b[i + 2] + w * (a[i + 2] - b[i + 2]) + 0.5f);
                    x++;
                }
            }
        }
    }

    /// <summary>Planar floats: output = m·person + (1 − m)·room, element by element per plane.</summary>
    public static void Blend(ReadOnlySpan<float> mask, ReadOnlySpan<float> person, ReadOnlySpan<float> room, Span<float> output)
    {
        var plane = mask.Length;
        if (person.Length != output.Length || room.Length != output.Length || output.Length % plane != 0)
            throw new ArgumentException("the images must be planes of the mask's size");
        for (var i = 0; i < output.Length; i++)
        {
            var w = mask[i % plane];
            output[i] = w * person[i] + (1 - w) * room[i];
        }
    }
}
