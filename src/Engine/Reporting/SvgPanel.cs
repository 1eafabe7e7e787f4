using System.Globalization;
using System.Security;
using System.Text;

namespace HfTrain.Engine.Reporting;

/// <summary>
/// One chart of <see cref="TrainingPlot"/>: a framed plot area with x (step) and y ticks, grid lines, a title,
/// one polyline per series (points = the finite values, in log order) plus dot markers so 1-point series show,
/// an optional right-hand axis for series of another scale, and a legend when there is more than one series.
/// </summary>
sealed class SvgPanel(double left, double top, double width, double height)
{
    // Pixels along the drawn lines, so the legend can go to the corner that hides the least of them.
    readonly List<(double X, double Y)> _drawn = [];

    public static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    public void Render(StringBuilder svg, string title, AxisScale x, IReadOnlyList<PlotSeries> leftSeries, string leftLabel,
                       IReadOnlyList<PlotSeries> rightSeries, string? rightLabel)
    {
        double right = left + width, bottom = top + height;
        svg.Append(Inv($"<g class=\"panel\" data-title=\"{Esc(title)}\">\n"));
        svg.Append(Inv($"<text x=\"{left + width / 2:0.#}\" y=\"{top - 8:0.#}\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{Esc(title)}</text>\n"));
        svg.Append(Inv($"<rect x=\"{left:0.#}\" y=\"{top:0.#}\" width=\"{width:0.#}\" height=\"{height:0.#}\" fill=\"#fafafa\" stroke=\"#333\"/>\n"));

        foreach (var t in x.Ticks)
        {
            var px = x.Map(t, left, right);
            svg.Append(Inv($"<line x1=\"{px:0.##}\" y1=\"{top:0.#}\" x2=\"{px:0.##}\" y2=\"{bottom:0.#}\" stroke=\"#e3e3e3\"/>"));
            svg.Append(Inv($"<line x1=\"{px:0.##}\" y1=\"{bottom:0.#}\" x2=\"{px:0.##}\" y2=\"{bottom + 5:0.#}\" stroke=\"#333\"/>"));
            svg.Append(Inv($"<text x=\"{px:0.##}\" y=\"{bottom + 17:0.#}\" text-anchor=\"middle\" font-size=\"11\">{Esc(x.Label(t))}</text>\n"));
        }
        svg.Append(Inv($"<text x=\"{right:0.#}\" y=\"{bottom + 30:0.#}\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">step</text>\n"));

        var colour = 0;
        var legend = new List<(string Name, string Colour)>();
        if (leftSeries.Any(s => s.Points.Count > 0) || rightSeries.Count == 0)
        {
            var y = AxisScale.Covering(leftSeries.SelectMany(s => s.Points.Select(p => p.Value)));
            YAxis(svg, y, left, -1, leftLabel, grid: true);
            foreach (var s in leftSeries) legend.Add((s.Name, Line(svg, s, x, y, Palette[colour++ % Palette.Length])));
        }
        else colour += leftSeries.Count;
        if (rightSeries.Count > 0)
        {
            var y = AxisScale.Covering(rightSeries.SelectMany(s => s.Points.Select(p => p.Value)));
            YAxis(svg, y, right, +1, rightLabel ?? "", grid: leftSeries.All(s => s.Points.Count == 0));
            foreach (var s in rightSeries) legend.Add((s.Name + (leftSeries.Count > 0 ? " (right)" : ""), Line(svg, s, x, y, Palette[colour++ % Palette.Length])));
        }

        if (leftSeries.Concat(rightSeries).All(s => s.Points.Count == 0))
            svg.Append(Inv($"<text x=\"{left + width / 2:0.#}\" y=\"{top + height / 2:0.#}\" text-anchor=\"middle\" font-size=\"13\" fill=\"#888\">no data</text>\n"));
        if (legend.Count > 1) Legend(svg, legend);
        svg.Append("</g>\n");
    }

    /// <summary>Ticks, labels and the rotated axis name on the left (side = -1) or right (side = +1) edge.</summary>
    void YAxis(StringBuilder svg, AxisScale y, double at, int side, string label, bool grid)
    {
        double bottom = top + height;
        var widest = 0;
        foreach (var t in y.Ticks)
        {
            var py = y.Map(t, bottom, top);
            var text = y.Label(t);
            widest = Math.Max(widest, text.Length);
            if (grid) svg.Append(Inv($"<line x1=\"{left:0.#}\" y1=\"{py:0.##}\" x2=\"{left + width:0.#}\" y2=\"{py:0.##}\" stroke=\"#e3e3e3\"/>"));
            svg.Append(Inv($"<line x1=\"{at:0.#}\" y1=\"{py:0.##}\" x2=\"{at + side * 5:0.#}\" y2=\"{py:0.##}\" stroke=\"#333\"/>"));
            svg.Append(Inv($"<text x=\"{at + side * 8:0.#}\" y=\"{py + 4:0.##}\" text-anchor=\"{(side < 0 ? "end" : "start")}\" font-size=\"11\">{Esc(text)}</text>\n"));
        }
        var lx = at + side * (14 + widest * 6.2);
        var ly = top + height / 2;
        svg.Append(Inv($"<text x=\"{lx:0.#}\" y=\"{ly:0.#}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#555\" transform=\"rotate({side * 90} {lx:0.#} {ly:0.#})\">{Esc(label)}</text>\n"));
    }

    string Line(StringBuilder svg, PlotSeries series, AxisScale x, AxisScale y, string colour)
    {
        if (series.Points.Count == 0) return colour;
        double right = left + width, bottom = top + height;
        var pixels = series.Points.Select(p => (X: x.Map(p.Step, left, right), Y: y.Map(p.Value, bottom, top))).ToList();
        _drawn.AddRange(pixels);
        for (var i = 1; i < pixels.Count; i++)
            for (var k = 1; k < 20; k++)
                _drawn.Add((pixels[i - 1].X + (pixels[i].X - pixels[i - 1].X) * k / 20, pixels[i - 1].Y + (pixels[i].Y - pixels[i - 1].Y) * k / 20));
        var points = string.Join(" ", pixels.Select(p => Inv($"{p.X:0.##},{p.Y:0.##}")));
        svg.Append(Inv($"<polyline class=\"series\" data-series=\"{Esc(series.Name)}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.8\" points=\"{points}\"/>\n"));
        if (series.Points.Count <= 60)
            foreach (var p in series.Points)
                svg.Append(Inv($"<circle cx=\"{x.Map(p.Step, left, right):0.##}\" cy=\"{y.Map(p.Value, bottom, top):0.##}\" r=\"2.8\" fill=\"{colour}\"/>"));
        svg.Append('\n');
        return colour;
    }

    void Legend(StringBuilder svg, List<(string Name, string Colour)> entries)
    {
        var w = 34 + entries.Max(e => e.Name.Length) * 6.6;
        var h = entries.Count * 16 + 6;
        // The four inner corners, top-right first (the usual place); take the one covering the fewest line pixels.
        var corners = new[] { (left + width - 8 - w, top + 8), (left + 8, top + 8), (left + width - 8 - w, top + height - 8 - h), (left + 8, top + height - 8 - h) };
        var (x, y0) = corners.MinBy(c => _drawn.Count(p => p.X >= c.Item1 && p.X <= c.Item1 + w && p.Y >= c.Item2 && p.Y <= c.Item2 + h));
        svg.Append(Inv($"<rect x=\"{x:0.#}\" y=\"{y0:0.#}\" width=\"{w:0.#}\" height=\"{h}\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#bbb\"/>\n"));
        for (var i = 0; i < entries.Count; i++)
        {
            var y = y0 + 14 + i * 16;
            svg.Append(Inv($"<line x1=\"{x + 6:0.#}\" y1=\"{y - 4:0.#}\" x2=\"{x + 24:0.#}\" y2=\"{y - 4:0.#}\" stroke=\"{entries[i].Colour}\" stroke-width=\"2.5\"/>"));
            svg.Append(Inv($"<text x=\"{x + 30:0.#}\" y=\"{y:0.#}\" font-size=\"11\">{Esc(entries[i].Name)}</text>\n"));
        }
    }

    static string Esc(string text) => SecurityElement.Escape(text) ?? "";

    static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
