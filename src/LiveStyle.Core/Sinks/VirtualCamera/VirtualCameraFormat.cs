namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>The picture layout written to a v4l2loopback device.</summary>
public enum VirtualCameraFormat
{
    /// <summary>Packed 4:2:2 (fourcc YUYV): what most webcam consumers (browsers, Zoom, OBS) accept.</summary>
    Yuyv,
    /// <summary>Planar 4:2:0 (fourcc YU12): smaller frames; needs an even height too.</summary>
    I420,
}
