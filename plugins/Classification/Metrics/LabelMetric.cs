using HfTrain.Abstractions;

namespace HfTrain.Plugins.Classification.Metrics;

/// <summary>
/// The `evaluate` metrics run_classification.py loads for single-label classification, on label names: accuracy
/// (the default), and f1 / precision / recall with their default average="binary" (positive label: the second
/// label, id 1), which sklearn accepts for two labels only.
/// </summary>
public sealed class LabelMetric(string name) : IMetric
{
    public static LabelMetric Create(string? name) => name?.ToLowerInvariant() switch
    {
        null or "accuracy" => new("accuracy"),
        "f1" or "precision" or "recall" => new(name.ToLowerInvariant()),
        _ => throw new TaskInputException($"--metric_name {name}: use accuracy, f1, precision or recall."),
    };

    public string Name => name;

    public IReadOnlyDictionary<string, double> Compute(IReadOnlyList<string> predictions, IReadOnlyList<string> references)
    {
        if (name == "accuracy")
            return new Dictionary<string, double> { ["accuracy"] = predictions.Count == 0 ? 0 : predictions.Zip(references).Count(p => p.First == p.Second) / (double)predictions.Count };
        var labels = references.Concat(predictions).Distinct().Order(StringComparer.Ordinal).ToList();
        if (labels.Count > 2)
            throw new TaskInputException($"--metric_name {name}: evaluate's {name} averages \"binary\" by default, which sklearn refuses for {labels.Count} labels " +
                                         "(\"Target is multiclass but average='binary'\"); use --metric_name accuracy.");
        string positive = labels[^1];
        int tp = predictions.Zip(references).Count(p => p.First == positive && p.Second == positive);
        int fp = predictions.Zip(references).Count(p => p.First == positive && p.Second != positive);
        int fn = predictions.Zip(references).Count(p => p.First != positive && p.Second == positive);
        double precision = tp + fp == 0 ? 0 : tp / (double)(tp + fp), recall = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
        double value = name switch
        {
            "precision" => precision,
            "recall" => recall,
            _ => precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall),
        };
        return new Dictionary<string, double> { [name] = value };
    }
}
