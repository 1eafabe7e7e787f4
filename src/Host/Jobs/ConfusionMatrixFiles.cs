using System.Globalization;
using System.Text;
using HfTrain.Engine.Formats;

namespace HfTrain.Host.Jobs;

/// <summary>
/// The evaluation's confusion matrix (rows: true label, columns: predicted label, in label-id order) as
/// confusion_matrix.csv and confusion_matrix.svg (a heat map, darker = more rows) in the output folder.
/// </summary>
internal static class ConfusionMatrixFiles
{
    public static int[,] Count(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int labels)
    {
        var counts = new int[labels, labels];
        for (int i = 0; i < truth.Count; i++)
            counts[truth[i], predicted[i]]++;
        return counts;
    }

    public static (string Csv, string Svg) Write(string outputDir, IReadOnlyList<string> names, int[,] counts)
    {
        int n = names.Count;
        var csv = new StringBuilder("true\\predicted");
        foreach (string name in names)
            csv.Append(',').Append(Quote(name));
        csv.Append('\n');
        for (int r = 0; r < n; r++)
        {
            csv.Append(Quote(names[r]));
            for (int c = 0; c < n; c++)
                csv.Append(',').Append(counts[r, c].ToString(CultureInfo.InvariantCulture));
            csv.Append('\n');
        }
        string csvPath = Path.Combine(outputDir, "confusion_matrix.csv");
        AtomicFile.WriteAllText(csvPath, csv.ToString());
        string svgPath = Path.Combine(outputDir, "confusion_matrix.svg");
        AtomicFile.WriteAllText(svgPath, Svg(names, counts));
        return (csvPath, svgPath);
    }

    static string Svg(IReadOnlyList<string> names, int[,] counts)
    {
        int n = names.Count, cell = 24, margin = 110;
        int size = margin + n * cell + 10;
        int max = 1;
        foreach (int v in counts)
            max = Math.Max(max, v);
        var svg = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{size}\" height=\"{size}\" font-family=\"sans-serif\" font-size=\"10\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{margin}\" y=\"12\">predicted →</text><text x=\"4\" y=\"{margin - 4}\">true ↓</text>\n");
        for (int i = 0; i < n; i++)
        {
            string label = System.Security.SecurityElement.Escape(names[i]);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{margin - 4}\" y=\"{margin + i * cell + cell * 0.65:0.#}\" text-anchor=\"end\">{label}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate({margin + i * cell + cell * 0.65:0.#},{margin - 4}) rotate(-60)\">{label}</text>\n");
        }
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
            {
                double shade = counts[r, c] / (double)max;
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{margin + c * cell}\" y=\"{margin + r * cell}\" width=\"{cell}\" height=\"{cell}\" fill=\"#1f77b4\" fill-opacity=\"{shade:0.###}\" stroke=\"#ddd\"><title>{counts[r, c]}</title></rect>\n");
                if (counts[r, c] > 0)
                    svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{margin + c * cell + cell / 2}\" y=\"{margin + r * cell + cell * 0.65:0.#}\" text-anchor=\"middle\" fill=\"{(shade > 0.5 ? "#fff" : "#000")}\">{counts[r, c]}</text>\n");
            }
        return svg.Append("</svg>\n").ToString();
    }

    static string Quote(string s) => s.Contains(',') || s.Contains('"') || s.Contains('\n') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
