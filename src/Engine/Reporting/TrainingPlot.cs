using System.Text;
using System.Text.Json.Nodes;

namespace HfTrain.Engine.Reporting;

/// <summary>
/// training_plot.svg: training loss, learning rate and evaluation metrics against the step, from log_history.
/// Hand-written SVG (no native plotting dependency), 900×700, one shared step axis so the panels line up.
/// Evaluation: eval_loss on the left axis, the other eval_* metrics (rouge, bleu, gen_len…) on the right one.
/// </summary>
public static class TrainingPlot
{
    const int Width = 900, Height = 700;
    const double Left = 95, PlotWidth = 700, PanelHeight = 150, FirstTop = 72, PanelGap = 66;

    public static string RenderSvg(IReadOnlyList<JsonObject> logHistory)
    {
        var loss = PlotSeries.Of(logHistory, "loss");
        var learningRate = PlotSeries.Of(logHistory, "learning_rate");
        var evalKeys = PlotSeries.EvalKeys(logHistory);
        var evalLoss = evalKeys.Where(k => k == "eval_loss").Select(k => PlotSeries.Of(logHistory, k)).ToList();
        var evalMetrics = evalKeys.Where(k => k != "eval_loss").Select(k => PlotSeries.Of(logHistory, k)).ToList();

        var all = new[] { loss, learningRate }.Concat(evalLoss).Concat(evalMetrics).ToList();
        var x = AxisScale.Covering(all.SelectMany(s => s.Points.Select(p => p.Step)).DefaultIfEmpty(0), integers: true);

        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n");
        svg.Append($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        svg.Append($"<text x=\"{Width / 2}\" y=\"30\" text-anchor=\"middle\" font-size=\"18\" font-weight=\"bold\">{Title(logHistory, loss)}</text>\n");

        Panel(0).Render(svg, "Training loss", x, [loss], "loss", [], null);
        Panel(1).Render(svg, "Learning rate", x, [learningRate], "learning rate", [], null);
        Panel(2).Render(svg, "Evaluation", x, evalLoss, "eval loss", evalMetrics, evalMetrics.Count > 0 ? "metric" : null);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    static SvgPanel Panel(int index) => new(Left, FirstTop + index * (PanelHeight + PanelGap), PlotWidth, PanelHeight);

    /// <summary>"Training progress — step 1,200, epoch 3, final loss 1.85" from what the log has.</summary>
    static string Title(IReadOnlyList<JsonObject> history, PlotSeries loss)
    {
        var parts = new List<string>();
        var last = history.LastOrDefault(e => e.ContainsKey("step"));
        if (last is not null && LogValue.TryGetNumber(last["step"], out var step) && double.IsFinite(step))
            parts.Add($"step {step:N0}");
        if (last is not null && last.TryGetPropertyValue("epoch", out var e) && LogValue.TryGetNumber(e, out var epoch) && double.IsFinite(epoch))
            parts.Add($"epoch {epoch:0.##}");
        if (loss.Points.Count > 0) parts.Add($"last loss {loss.Points[^1].Value:0.####}");
        return parts.Count == 0 ? "Training progress" : "Training progress — " + string.Join(", ", parts);
    }
}
