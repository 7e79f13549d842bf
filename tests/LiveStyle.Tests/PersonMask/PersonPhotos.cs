using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.PersonMask;

/// <summary>
/// Photos of people that Debian packages install (read from their installed paths, never copied
/// into the repository), each with a person mask drawn by hand as polygons and ellipses in the
/// photo's pixels. .ci/run installs the packages.
/// </summary>
public sealed record PersonPhoto(string Name, string Path, string Package, string Licence, Action<Mat> DrawPerson)
{
    public static readonly PersonPhoto Astronaut = new("astronaut", "/usr/lib/python3/dist-packages/skimage/data/astronaut.png", "python3-skimage",
        "NASA photograph of Eileen Collins, public domain", m =>
        {
            Cv2.Ellipse(m, new Point(226, 98), new Size(74, 86), 0, 0, 360, Scalar.All(255), -1);
            Fill(m, (150, 160), (300, 160), (312, 250), (345, 285), (360, 330), (362, 372), (318, 366), (292, 400), (278, 460), (276, 511),
                (22, 511), (22, 430), (28, 330), (48, 282), (92, 262), (114, 228), (118, 186));
        });

    public static readonly PersonPhoto Cameraman = new("camera", "/usr/lib/python3/dist-packages/skimage/data/camera.png", "python3-skimage",
        "photograph by Lav Varshney, CC0", m =>
        {
            Cv2.Ellipse(m, new Point(212, 130), new Size(52, 66), 0, 0, 360, Scalar.All(255), -1);
            Fill(m, (160, 110), (180, 190), (215, 200), (245, 205), (250, 170), (330, 175), (325, 225), (300, 250), (285, 275), (240, 290),
                (195, 300), (150, 345), (150, 511), (0, 511), (0, 225), (60, 170), (125, 125));
        });

    public static readonly PersonPhoto GraceHopper = new("grace_hopper", "/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg", "python-matplotlib-data",
        "US Navy photograph of Grace Hopper, public domain", m =>
        {
            Fill(m, (152, 120), (175, 80), (200, 45), (260, 25), (320, 40), (350, 70), (372, 120), (365, 160), (160, 160));
            Cv2.Ellipse(m, new Point(263, 232), new Size(108, 106), 0, 0, 360, Scalar.All(255), -1);
            Fill(m, (195, 315), (330, 315), (360, 335), (440, 360), (500, 390), (511, 430), (511, 599), (10, 599), (20, 450), (60, 395), (140, 355), (175, 335));
        });

    public static IReadOnlyList<PersonPhoto> All { get; } = [Astronaut, Cameraman, GraceHopper];

    /// <summary>The photo as 8-bit BGR; fails naming the package when it is not installed.</summary>
    public Mat Read()
    {
        if (!File.Exists(Path))
            Assert.Fail($"{Path} is missing: install the Debian package {Package} (.ci/run does)");
        return LiveStyle.Core.Imaging.ImageFile.ReadBgr(Path);
    }

    /// <summary>The drawn person mask at the photo's size (255 = person).</summary>
    public Mat DrawnMask(int width, int height)
    {
        var mask = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));
        DrawPerson(mask);
        return mask;
    }

    private static void Fill(Mat m, params (int X, int Y)[] points) =>
        Cv2.FillPoly(m, [points.Select(p => new Point(p.X, p.Y)).ToArray()], Scalar.All(255));
}
