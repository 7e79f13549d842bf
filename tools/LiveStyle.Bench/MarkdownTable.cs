using System.Text;

namespace LiveStyle.Bench;

/// <summary>A table printed to the console and appended to the Markdown report, in the same form.</summary>
public sealed class MarkdownTable(string title, params string[] columns)
{
    private readonly List<string[]> _rows = [];
    private readonly List<string> _notes = [];

    /// <summary>A bullet printed between the title and the table (what was measured, and how).</summary>
    public void Note(string text) => _notes.Add(text);

    public void Add(params object[] cells) =>
        _rows.Add(cells.Select(c => c switch
        {
            double d => d.ToString(d >= 100 ? "F0" : d >= 10 ? "F1" : "F2", System.Globalization.CultureInfo.InvariantCulture),
            float f => ((double)f).ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
            _ => c.ToString() ?? "",
        }).ToArray());

    public string Render()
    {
        var widths = columns.Select((c, i) => Math.Max(c.Length, _rows.Count == 0 ? 0 : _rows.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
        var text = new StringBuilder();
        text.AppendLine($"### {title}").AppendLine();
        foreach (var note in _notes) text.AppendLine($"- {note}");
        if (_notes.Count > 0) text.AppendLine();
        text.AppendLine("| " + string.Join(" | ", columns.Select((c, i) => c.PadRight(widths[i]))) + " |");
        text.AppendLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in _rows)
            text.AppendLine("| " + string.Join(" | ", row.Select((c, i) => c.PadRight(widths[i]))) + " |");
        return text.AppendLine().ToString();
    }
}
