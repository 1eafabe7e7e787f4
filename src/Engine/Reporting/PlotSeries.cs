using System.Text.Json.Nodes;

namespace HfTrain.Engine.Reporting;

/// <summary>One line of a panel: a log_history key against the step. Non-finite values (NaN/Inf, null in the log) are left out.</summary>
sealed record PlotSeries(string Name, IReadOnlyList<(double Step, double Value)> Points)
{
    // Throughput/timing keys are not metrics (modelcard.py parse_log_history drops the same ones).
    static readonly string[] NotMetrics = ["eval_runtime", "eval_samples_per_second", "eval_steps_per_second", "eval_jit_compilation_time"];

    public static PlotSeries Of(IReadOnlyList<JsonObject> history, string key)
    {
        var points = new List<(double, double)>();
        foreach (var entry in history)
        {
            if (!entry.TryGetPropertyValue(key, out var node)) continue;
            if (!LogValue.TryGetNumber(node, out var value) || !double.IsFinite(value)) continue;
            if (!entry.TryGetPropertyValue("step", out var stepNode) || !LogValue.TryGetNumber(stepNode, out var step) || !double.IsFinite(step)) continue;
            points.Add((step, value));
        }
        return new(key, points);
    }

    /// <summary>eval_loss first, then the other eval_* metrics in the order they first appear.</summary>
    public static List<string> EvalKeys(IReadOnlyList<JsonObject> history)
    {
        var keys = new List<string>();
        foreach (var entry in history)
            foreach (var (key, _) in entry)
                if (key.StartsWith("eval_", StringComparison.Ordinal) && !NotMetrics.Contains(key) && !keys.Contains(key))
                    keys.Add(key);
        if (keys.Remove("eval_loss")) keys.Insert(0, "eval_loss");
        return keys;
    }
}
