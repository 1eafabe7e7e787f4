using System.Text.Json.Nodes;
using System.Xml.Linq;
using HfTrain.Engine.Reporting;

namespace HfTrain.Engine.Tests.Reporting;

public sealed class TrainingPlotTests
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>300 steps logged every 10 with warmup + linear decay, an eval every 100 steps, one NaN loss.</summary>
    internal static List<JsonObject> Run()
    {
        var history = new List<JsonObject>();
        for (var step = 10; step <= 300; step += 10)
        {
            var lr = step <= 30 ? 5e-4 * step / 30 : 5e-4 * (300 - step) / 270;
            history.Add(new JsonObject
            {
                ["loss"] = step == 150 ? null : 4.0 * Math.Exp(-step / 120.0) + 1.2 + 0.08 * Math.Sin(step),
                ["grad_norm"] = 1.5, ["learning_rate"] = lr, ["epoch"] = step / 100.0, ["step"] = step,
            });
            if (step % 100 == 0)
                history.Add(new JsonObject
                {
                    ["eval_loss"] = 3.0 - step / 200.0, ["eval_rouge1"] = 20 + step / 20.0, ["eval_rougeL"] = 15 + step / 25.0,
                    ["eval_gen_len"] = 18.5, ["eval_runtime"] = 3.2, ["eval_samples_per_second"] = 40.0, ["eval_steps_per_second"] = 5.0,
                    ["epoch"] = step / 100.0, ["step"] = step,
                });
        }
        history.Add(new JsonObject { ["train_runtime"] = 95.5, ["train_loss"] = 2.1, ["epoch"] = 3.0, ["step"] = 300 });
        return history;
    }

    static Dictionary<string, int> PolylinePointCounts(string svg) =>
        XDocument.Parse(svg).Descendants(Svg + "polyline").ToDictionary(
            p => (string)p.Attribute("data-series")!,
            p => ((string)p.Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);

    [Fact]
    public void Each_series_is_a_polyline_with_one_point_per_finite_value()
    {
        var svg = TrainingPlot.RenderSvg(Run());
        // To look at it: HFTRAIN_PLOT_SAMPLE=/tmp/plot.svg dotnet test --filter TrainingPlot, then rsvg-convert.
        if (Environment.GetEnvironmentVariable("HFTRAIN_PLOT_SAMPLE") is { Length: > 0 } path) File.WriteAllText(path, svg);
        var counts = PolylinePointCounts(svg);
        Assert.Equal(29, counts["loss"]); // 30 logged, one NaN left out
        Assert.Equal(30, counts["learning_rate"]);
        Assert.Equal(3, counts["eval_loss"]);
        Assert.Equal(3, counts["eval_rouge1"]);
        Assert.Equal(3, counts["eval_gen_len"]);
        Assert.DoesNotContain("eval_runtime", counts.Keys);
        Assert.DoesNotContain("eval_samples_per_second", counts.Keys);
        Assert.Equal(6, counts.Count);
    }

    [Fact]
    public void Is_900_by_700_with_three_titled_panels_and_labelled_ticks()
    {
        var doc = XDocument.Parse(TrainingPlot.RenderSvg(Run()));
        Assert.Equal("900", (string)doc.Root!.Attribute("width")!);
        Assert.Equal("700", (string)doc.Root!.Attribute("height")!);
        var panels = doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "panel").ToList();
        Assert.Equal(["Training loss", "Learning rate", "Evaluation"], panels.Select(p => (string)p.Attribute("data-title")!));
        var lrLabels = panels[1].Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("4e-4", lrLabels);
        Assert.Contains("300", lrLabels); // the step axis reaches the last step
        Assert.Contains(panels[2].Descendants(Svg + "text"), t => t.Value == "eval_rouge1 (right)"); // legend
        Assert.StartsWith("Training progress — step 300", doc.Root.Elements(Svg + "text").First().Value);
    }

    [Fact]
    public void Empty_one_point_and_all_nan_histories_still_give_valid_svg()
    {
        var empty = XDocument.Parse(TrainingPlot.RenderSvg([]));
        Assert.Empty(empty.Descendants(Svg + "polyline"));
        Assert.Equal(3, empty.Descendants(Svg + "text").Count(t => t.Value == "no data"));

        var one = TrainingPlot.RenderSvg([new JsonObject { ["loss"] = 2.0, ["learning_rate"] = 1e-4, ["step"] = 1 }]);
        Assert.Equal(1, PolylinePointCounts(one)["loss"]);
        // A lone point has no visible line: a marker shows it (one in the loss panel, one in the learning-rate panel).
        Assert.Equal(["Training loss", "Learning rate"], XDocument.Parse(one).Descendants(Svg + "circle").Select(c => (string)c.Parent!.Attribute("data-title")!));
        if (Environment.GetEnvironmentVariable("HFTRAIN_PLOT_SAMPLE") is { Length: > 0 } path) File.WriteAllText(path + ".one.svg", one);

        var nan = TrainingPlot.RenderSvg([new JsonObject { ["loss"] = double.NaN, ["step"] = 1 }, new JsonObject { ["loss"] = null, ["step"] = 2 }]);
        Assert.DoesNotContain("NaN", nan);
        Assert.Empty(XDocument.Parse(nan).Descendants(Svg + "polyline"));
    }
}
