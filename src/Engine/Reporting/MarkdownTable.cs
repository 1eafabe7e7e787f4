using System.Text;

namespace HfTrain.Engine.Reporting;

/// <summary>
/// modelcard.py make_markdown_table: "| a | b |" rows padded to the widest cell, centred alignment row "|:---:|".
/// Columns are the union of all rows' keys in first-seen order (HF takes the first row's; later rows with extra
/// metrics would crash it).
/// </summary>
static class MarkdownTable
{
    public static string Render(IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> lines)
    {
        if (lines.Count == 0) return "";
        var columns = new List<string>();
        foreach (var line in lines)
            foreach (var (key, _) in line)
                if (!columns.Contains(key)) columns.Add(key);

        var rows = lines.Select(line => columns.Select(c => line.FirstOrDefault(kv => kv.Key == c).Value ?? "").ToArray()).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Length, rows.Max(r => r[i].Length))).ToArray();

        var table = new StringBuilder();
        Row(table, columns, widths);
        foreach (var w in widths) table.Append("|:").Append('-', w).Append(':');
        table.Append("|\n");
        foreach (var row in rows) Row(table, row, widths);
        return table.ToString();
    }

    static void Row(StringBuilder table, IReadOnlyList<string> values, int[] widths)
    {
        for (var i = 0; i < values.Count; i++)
            table.Append("| ").Append(values[i]).Append(' ', widths[i] - values[i].Length + 1);
        table.Append("|\n");
    }
}
