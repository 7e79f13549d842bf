using OpenCvSharp;

namespace LiveStyle.Flicker;

/// <summary>The flicker figures of one stylized sequence (see <see cref="FlickerMeter"/>).</summary>
public sealed record FlickerFigures(double StillAmplification, double StillInputChange, double StillOutputChange,
    double WarpingError, double MotionFidelityDb, int Frames);

/// <summary>
/// Measures temporal stability of a stylized sequence, fed frame by frame in order with the input
/// frame, the output shown for it and, optionally, the plain per-frame output (all 8-bit BGR, one size):
/// <list type="bullet">
/// <item>still-region amplification: the mean frame-to-frame change of the output over pixels whose
/// input 5×5 neighbourhood changed by less than 3 % on average, divided by the input's change there;</item>
/// <item>warping error (Lai et al., ECCV 2018): the previous output warped to the current frame with
/// the inputs' optical flow, occlusions masked by the forward-backward check, mean squared difference
/// in [0,1] units, averaged over frames;</item>
/// <item>motion fidelity: PSNR of the output against the per-frame output over pixels whose input
/// neighbourhood changed by 3 % or more (ghost trails and lag show up here).</item>
/// </list>
/// </summary>
public sealed class FlickerMeter : IDisposable
{
    /// <summary>A 5×5 neighbourhood whose input changed by less than this (0…255, mean) is still.</summary>
    public const double StillThreshold = 0.03 * 255;

    private Mat? _previousInput;
    private Mat? _previousOutput;
    private double _stillInputSum, _stillOutputSum;
    private long _stillPixels;
    private double _warpErrorSum;
    private int _warpFrames;
    private double _movingSquaredError;
    private long _movingSamples;
    private int _frames;

    public void Add(Mat input, Mat output, Mat? perFrameOutput = null)
    {
        if (input.Size() != output.Size()) throw new ArgumentException("input and output sizes differ");
        _frames++;
        if (_previousInput is not null && _previousOutput is not null)
        {
            using var inputChange = MeanAbsoluteChange(input, _previousInput);
            using var neighbourhood = new Mat();
            Cv2.Blur(inputChange, neighbourhood, new Size(5, 5), null, BorderTypes.Reflect101);
            using var still = new Mat();
            Cv2.Threshold(neighbourhood, still, StillThreshold, 255, ThresholdTypes.BinaryInv);
            using var stillMask = new Mat();
            still.ConvertTo(stillMask, MatType.CV_8UC1);
            using var outputChange = MeanAbsoluteChange(output, _previousOutput);
            var stillCount = Cv2.CountNonZero(stillMask);
            _stillPixels += stillCount;
            _stillInputSum += Cv2.Mean(inputChange, stillMask).Val0 * stillCount;
            _stillOutputSum += Cv2.Mean(outputChange, stillMask).Val0 * stillCount;

            _warpErrorSum += WarpingError(input, _previousInput, output, _previousOutput);
            _warpFrames++;

            if (perFrameOutput is not null)
            {
                using var moving = new Mat();
                Cv2.BitwiseNot(stillMask, moving);
                var movingCount = Cv2.CountNonZero(moving);
                if (movingCount > 0)
                {
                    using var difference = new Mat();
                    using var a = new Mat();
                    using var b = new Mat();
                    output.ConvertTo(a, MatType.CV_32FC3, 1 / 255.0);
                    perFrameOutput.ConvertTo(b, MatType.CV_32FC3, 1 / 255.0);
                    Cv2.Subtract(a, b, difference);
                    Cv2.Multiply(difference, difference, difference);
                    var mean = Cv2.Mean(difference, moving);
                    _movingSquaredError += (mean.Val0 + mean.Val1 + mean.Val2) * movingCount;
                    _movingSamples += 3L * movingCount;
                }
            }
        }
        _previousInput?.Dispose();
        _previousOutput?.Dispose();
        _previousInput = input.Clone();
        _previousOutput = output.Clone();
    }

    public FlickerFigures Figures()
    {
        var stillIn = _stillPixels > 0 ? _stillInputSum / _stillPixels : double.NaN;
        var stillOut = _stillPixels > 0 ? _stillOutputSum / _stillPixels : double.NaN;
        var mse = _movingSamples > 0 ? _movingSquaredError / _movingSamples : double.NaN;
        return new FlickerFigures(
            stillOut / stillIn, stillIn, stillOut,
            _warpFrames > 0 ? _warpErrorSum / _warpFrames : double.NaN,
            mse > 0 ? 10 * Math.Log10(1 / mse) : mse == 0 ? double.PositiveInfinity : double.NaN,
            _frames);
    }

    /// <summary>Per pixel, the mean over the channels of |a − b|, as 32-bit float in 0…255.</summary>
    private static Mat MeanAbsoluteChange(Mat a, Mat b)
    {
        using var difference = new Mat();
        Cv2.Absdiff(a, b, difference);
        using var wide = new Mat();
        difference.ConvertTo(wide, MatType.CV_32FC3);
        var result = new Mat();
        using var reshaped = wide.Reshape(1, wide.Rows * wide.Cols);
        using var summed = new Mat();
        Cv2.Reduce(reshaped, summed, ReduceDimension.Column, ReduceTypes.Avg, MatType.CV_32F);
        summed.Reshape(1, a.Rows).CopyTo(result);
        return result;
    }

    /// <summary>Mean squared difference of the output and the previous output warped along the inputs' flow, over non-occluded pixels.</summary>
    private static double WarpingError(Mat input, Mat previousInput, Mat output, Mat previousOutput)
    {
        using var grey = new Mat();
        using var previousGrey = new Mat();
        Cv2.CvtColor(input, grey, ColorConversionCodes.BGR2GRAY);
        Cv2.CvtColor(previousInput, previousGrey, ColorConversionCodes.BGR2GRAY);
        using var backward = new Mat();   // current → previous
        using var forward = new Mat();    // previous → current
        Cv2.CalcOpticalFlowFarneback(grey, previousGrey, backward, 0.5, 4, 15, 3, 5, 1.2, OpticalFlowFlags.None);
        Cv2.CalcOpticalFlowFarneback(previousGrey, grey, forward, 0.5, 4, 15, 3, 5, 1.2, OpticalFlowFlags.None);

        int w = input.Cols, h = input.Rows;
        using var map = new Mat(h, w, MatType.CV_32FC2);
        using var noMap = new Mat();
        using var valid = new Mat(h, w, MatType.CV_8UC1, Scalar.All(0));
        using var forwardAtTarget = new Mat();
        var back = Floats(backward);
        var target = Floats(map);
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var i = 2 * (y * w + x);
                target[i] = x + back[i];
                target[i + 1] = y + back[i + 1];
            }
        Cv2.Remap(forward, forwardAtTarget, map, noMap, InterpolationFlags.Linear, BorderTypes.Replicate);
        var fore = Floats(forwardAtTarget);
        var mask = Bytes(valid);
        for (var p = 0; p < w * h; p++)
        {
            float mx = target[2 * p], my = target[2 * p + 1];
            if (mx < 0 || my < 0 || mx > w - 1 || my > h - 1) continue;
            float bx = back[2 * p], by = back[2 * p + 1], fx = fore[2 * p], fy = fore[2 * p + 1];
            // Sundaram et al.'s forward-backward consistency check, as in Lai et al.'s evaluation.
            float sumX = bx + fx, sumY = by + fy;
            var bound = 0.01f * (bx * bx + by * by + fx * fx + fy * fy) + 0.5f;
            if (sumX * sumX + sumY * sumY <= bound) mask[p] = 255;
        }

        using var warped = new Mat();
        Cv2.Remap(previousOutput, warped, map, noMap, InterpolationFlags.Linear, BorderTypes.Replicate);
        using var a = new Mat();
        using var b2 = new Mat();
        output.ConvertTo(a, MatType.CV_32FC3, 1 / 255.0);
        warped.ConvertTo(b2, MatType.CV_32FC3, 1 / 255.0);
        using var difference = new Mat();
        Cv2.Subtract(a, b2, difference);
        Cv2.Multiply(difference, difference, difference);
        var count = Cv2.CountNonZero(valid);
        var mean = count > 0 ? Cv2.Mean(difference, valid) : new Scalar();
        return count > 0 ? (mean.Val0 + mean.Val1 + mean.Val2) / 3 : 0;
    }

    private static unsafe Span<float> Floats(Mat mat) => new((void*)mat.Data, mat.Rows * mat.Cols * mat.Channels());
    private static unsafe Span<byte> Bytes(Mat mat) => new((void*)mat.Data, mat.Rows * mat.Cols * mat.Channels());

    public void Dispose()
    {
        _previousInput?.Dispose();
        _previousOutput?.Dispose();
    }
}
