using LiveStyle.Core.Models;

namespace LiveStyle.Core.Quantization;

/// <summary>
/// Where an int8 build's outcome is kept, and the rule both networks' builds follow: a saved
/// verdict is reused (a refused build is not rebuilt until its inputs change, an accepted one whose
/// model is there is used as it is); otherwise the build runs and its report is saved either way,
/// its ranges and model only when the gate passed.
/// </summary>
public sealed record Int8Cache(string ModelPath, string ReportPath, string RangesPath)
{
    public Int8StylizerResult GetOrBuild(ModelStore store, Func<(byte[] Model, QualityReport Report, Int8Ranges Ranges)> build)
    {
        if (QualityReport.TryRead(ReportPath) is { } saved)
        {
            if (!saved.Passed) return new Int8StylizerResult(null, saved);
            if (File.Exists(ModelPath)) return new Int8StylizerResult(ModelPath, saved, Int8Ranges.TryRead(RangesPath));
        }
        var (model, report, ranges) = build();
        store.Write(ReportPath, System.Text.Encoding.UTF8.GetBytes(report.ToJson()));
        if (!report.Passed) return new Int8StylizerResult(null, report);
        store.Write(RangesPath, System.Text.Encoding.UTF8.GetBytes(ranges.ToJson()));
        store.Write(ModelPath, model);
        return new Int8StylizerResult(ModelPath, report, ranges);
    }
}
