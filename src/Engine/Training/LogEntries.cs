using System.Globalization;
using System.Text.Json.Nodes;

namespace HfTrain.Engine.Training;

/// <summary>log_history entries with HF's keys, and the one-line form HF prints.</summary>
public static class LogEntries
{
    public static JsonObject Training(double loss, double gradNorm, double learningRate, TrainerState state) => new()
    {
        ["loss"] = loss,
        ["grad_norm"] = gradNorm,
        ["learning_rate"] = learningRate,
        ["epoch"] = Math.Round(state.Epoch, 4),
        ["step"] = state.GlobalStep,
    };

    public static JsonObject From(IReadOnlyDictionary<string, double> metrics, TrainerState state)
    {
        var entry = new JsonObject();
        foreach (var (key, value) in metrics)
            entry[key] = double.IsFinite(value) ? value : null;
        entry["epoch"] = Math.Round(state.Epoch, 4);
        entry["step"] = state.GlobalStep;
        return entry;
    }

    /// <summary>{'loss': 7.3897, 'grad_norm': 2.0617, 'learning_rate': 0.0005, 'epoch': 0.05}</summary>
    public static string Format(JsonObject entry) =>
        "{" + string.Join(", ", entry.Where(kv => kv.Key != "step").Select(kv => $"'{kv.Key}': {Value(kv.Value)}")) + "}";

    static string Value(JsonNode? node) => node switch
    {
        null => "nan",
        JsonValue v when v.TryGetValue(out double d) => Math.Abs(d) >= 1e-3 || d == 0 ? Math.Round(d, 4).ToString(CultureInfo.InvariantCulture) : d.ToString("0.####e+0", CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
