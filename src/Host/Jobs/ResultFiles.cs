using System.Text.Json;
using System.Text.Json.Nodes;
using HfTrain.Data.Predictions;
using HfTrain.Engine.Formats;

namespace HfTrain.Host.Jobs;

/// <summary>
/// The files HF's scripts write into output_dir: <c>{split}_results.json</c> and the merged <c>all_results.json</c>
/// (Trainer.save_metrics), <c>generated_predictions.txt</c>; each written atomically.
/// </summary>
internal static class ResultFiles
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Trainer.save_metrics(split, metrics, combined=True).</summary>
    public static void SaveMetrics(string outputDir, string split, IReadOnlyDictionary<string, double> metrics)
    {
        Directory.CreateDirectory(outputDir);
        var ordered = new JsonObject();
        foreach (var (key, value) in metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            ordered[key] = double.IsFinite(value) ? value : null;
        AtomicFile.WriteAllText(Path.Combine(outputDir, $"{split}_results.json"), ordered.ToJsonString(Indented) + "\n");
        string all = Path.Combine(outputDir, "all_results.json");
        var combined = File.Exists(all) && JsonNode.Parse(File.ReadAllText(all)) is JsonObject existing ? existing : new JsonObject();
        foreach (var (key, value) in ordered)
            combined[key] = value?.DeepClone();
        var sorted = new JsonObject();
        foreach (var kv in combined.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            sorted[kv.Key] = kv.Value?.DeepClone();
        AtomicFile.WriteAllText(all, sorted.ToJsonString(Indented) + "\n");
    }

    /// <summary>run_summarization: predictions stripped, one per line (newlines inside a text escaped, see GeneratedTextFile).</summary>
    public static string SavePredictions(string outputDir, IEnumerable<string> predictions)
    {
        string path = Path.Combine(outputDir, "generated_predictions.txt");
        GeneratedTextFile.Write(path, predictions.Select(p => p.Trim()));
        return path;
    }

    /// <summary>HF's log_metrics: "***** train metrics *****" and aligned key = value lines.</summary>
    public static string Format(string split, IReadOnlyDictionary<string, double> metrics)
    {
        int width = metrics.Keys.Max(k => k.Length);
        var lines = metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"  {kv.Key.PadRight(width)} = {FormatValue(kv.Key, kv.Value)}");
        return $"***** {split} metrics *****\n" + string.Join('\n', lines);
    }

    static string FormatValue(string key, double value) =>
        key.EndsWith("_runtime", StringComparison.Ordinal) ? TimeSpan.FromSeconds(value).ToString(@"h\:mm\:ss\.ff", System.Globalization.CultureInfo.InvariantCulture)
        : key.EndsWith("_samples", StringComparison.Ordinal) || key == "total_flos" ? value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)
        : Math.Round(value, 4).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
