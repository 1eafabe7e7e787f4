using System.Text.Json.Nodes;
using HfTrain.Engine.Formats;

namespace HfTrain.Engine.Reporting;

/// <summary>
/// transformers' modelcard.py parse_log_history: one results-table row per evaluation before the final training
/// entry (train_runtime), with the most recent training loss ("No log" before the first), and the last evaluation's
/// metrics as "It achieves the following results".
/// </summary>
sealed record LogHistorySummary(
    IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>>? Lines,
    IReadOnlyList<KeyValuePair<string, JsonNode?>>? EvalResults)
{
    static readonly string[] DroppedFromLines = ["total_flos", "eval_runtime", "eval_samples_per_second", "eval_steps_per_second", "eval_jit_compilation_time"];
    static readonly string[] DroppedFromResults = ["runtime", "samples_per_second", "steps_per_second", "epoch", "step"];

    public static LogHistorySummary Parse(IReadOnlyList<JsonObject> history)
    {
        var trainIndex = -1;
        for (var i = 0; i < history.Count && trainIndex < 0; i++)
            if (history[i].ContainsKey("train_runtime")) trainIndex = i;

        var lastEval = -1;
        for (var i = history.Count - 1; i >= 0 && lastEval < 0; i--)
            if (history[i].ContainsKey("eval_loss")) lastEval = i;

        if (trainIndex < 0)
            return new(null, lastEval >= 0 ? Results(history[lastEval]) : null);

        var lines = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        var trainingLoss = "No log";
        for (var i = 0; i < trainIndex; i++)
        {
            var entry = history[i];
            if (entry.TryGetPropertyValue("loss", out var loss)) trainingLoss = Cell(loss);
            if (!entry.ContainsKey("eval_loss")) continue;
            var line = new List<KeyValuePair<string, string>>
            {
                new("Training Loss", trainingLoss),
                new("Epoch", entry.TryGetPropertyValue("epoch", out var epoch) ? Cell(epoch) : "None"),
                new("Step", entry.TryGetPropertyValue("step", out var step) ? Cell(step) : "None"),
            };
            foreach (var (key, value) in entry)
            {
                if (key is "epoch" or "step" || DroppedFromLines.Contains(key)) continue;
                // "eval_rouge1" -> "Rouge1", "eval_gen_len" -> "Gen Len" (the first '_' part is dropped).
                var name = key == "eval_loss" ? "Validation Loss" : CamelCase(key.Split('_').Skip(1));
                line.Add(new(name, Cell(value)));
            }
            lines.Add(line);
        }
        return new(lines, lastEval >= 0 ? Results(history[lastEval]) : null);
    }

    static List<KeyValuePair<string, JsonNode?>> Results(JsonObject entry)
    {
        var results = new List<KeyValuePair<string, JsonNode?>>();
        foreach (var (rawKey, value) in entry)
        {
            var key = rawKey.StartsWith("eval_", StringComparison.Ordinal) ? rawKey[5..] : rawKey;
            if (DroppedFromResults.Contains(key)) continue;
            results.Add(new(CamelCase(key.Split('_')), value?.DeepClone()));
        }
        return results;
    }

    /// <summary>" ".join(part.capitalize() for part in parts) — Python's capitalize lowercases the rest.</summary>
    internal static string CamelCase(IEnumerable<string> parts) =>
        string.Join(" ", parts.Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..].ToLowerInvariant()));

    /// <summary>_maybe_round(value): floats with more than 4 decimals get 4; ints and strings as Python prints them.</summary>
    internal static string Cell(JsonNode? value) =>
        !LogValue.IsInteger(value) && LogValue.TryGetNumber(value, out var d) ? PythonFloat.MaybeRound(d) : LogValue.PythonStr(value);
}
