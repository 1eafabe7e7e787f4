using System.Globalization;
using HfTrain.Abstractions;

namespace HfTrain.Plugins.Classification.Metrics;

/// <summary>
/// run_classification.py's compute_metrics with the `evaluate` metrics (sklearn underneath), on what the host hands a
/// classifier's metric — the values HF's EvalPrediction holds:
/// <list type="bullet">
/// <item>single-label: label ids ("3"); accuracy by default, f1 / precision / recall with evaluate's default
/// average="binary", pos_label=1 (sklearn refuses more than two distinct ids);</item>
/// <item>multi-label: multi-hot rows ("[0, 1, 1]"); f1 by default, every metric with average="micro" as the script passes
/// it (evaluate's accuracy takes no average, so the script fails there: refused here with the reason);</item>
/// <item>regression: values ("0.25"); mse by default (sklearn mean_squared_error).</item>
/// </list>
/// Precision, recall and F1 of an empty denominator are 0, as sklearn's zero_division="warn" gives.
/// </summary>
public sealed class LabelMetric(string? name) : IMetric
{
    static readonly string[] Known = ["accuracy", "f1", "precision", "recall", "mse"];

    public static LabelMetric Create(string? name) => name is null || Known.Contains(name.ToLowerInvariant())
        ? new(name?.ToLowerInvariant())
        : throw new TaskInputException($"--metric_name {name}: use accuracy, f1, precision, recall or mse.");

    /// <summary>The name given, or "accuracy" until the labels say otherwise (f1 for multi-label, mse for regression).</summary>
    public string Name => name ?? "accuracy";

    public IReadOnlyDictionary<string, double> Compute(IReadOnlyList<string> predictions, IReadOnlyList<string> references)
    {
        if (predictions.Count != references.Count)
            throw new ArgumentException($"{predictions.Count} predictions for {references.Count} references.");
        LabelKind kind = references.Count == 0 ? LabelKind.Single : KindOf(references[0]);
        string metric = name ?? kind switch { LabelKind.Multi => "f1", LabelKind.Value => "mse", _ => "accuracy" };
        double value = kind switch
        {
            LabelKind.Value => metric == "mse" ? Mse(predictions, references)
                : throw new TaskInputException($"--metric_name {metric}: the labels are numbers (regression), scored by mse; use --metric_name mse or leave it out."),
            LabelKind.Multi => metric switch
            {
                "accuracy" => throw new TaskInputException("--metric_name accuracy: with multi-label labels run_classification.py passes average=\"micro\", " +
                                                           "which evaluate's accuracy does not take; use f1 (the default), precision or recall."),
                "mse" => Mse(predictions.SelectMany(MultiHot).Select(Text).ToList(), references.SelectMany(MultiHot).Select(Text).ToList()),
                _ => Counts.Micro(predictions.Select(MultiHot).ToList(), references.Select(MultiHot).ToList()).Score(metric),
            },
            _ => metric switch
            {
                "accuracy" => predictions.Count == 0 ? 0 : predictions.Zip(references).Count(p => p.First == p.Second) / (double)predictions.Count,
                "mse" => Mse(predictions, references),
                _ => Counts.Binary(predictions.Select(Id).ToList(), references.Select(Id).ToList(), metric).Score(metric),
            },
        };
        return new Dictionary<string, double> { [metric] = value };
    }

    enum LabelKind { Single, Multi, Value }

    static LabelKind KindOf(string reference) =>
        reference.StartsWith('[') ? LabelKind.Multi
        : long.TryParse(reference, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? LabelKind.Single
        : LabelKind.Value;

    static double Mse(IReadOnlyList<string> predictions, IReadOnlyList<string> references) =>
        predictions.Count == 0 ? double.NaN : predictions.Zip(references).Sum(p => Math.Pow(Number(p.First) - Number(p.Second), 2)) / predictions.Count;

    static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    static string Text(int bit) => bit.ToString(CultureInfo.InvariantCulture);

    static long Id(string text) => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>"[0, 1, 1]" → [0, 1, 1].</summary>
    static int[] MultiHot(string row) =>
        row.Trim('[', ']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(v => (int)Number(v)).ToArray();

    /// <summary>True positives, false positives and false negatives of the positive class.</summary>
    readonly record struct Counts(long Tp, long Fp, long Fn)
    {
        /// <summary>sklearn's average="binary" with pos_label=1 on label ids, with its two refusals.</summary>
        public static Counts Binary(IReadOnlyList<long> predictions, IReadOnlyList<long> references, string metric)
        {
            var present = references.Concat(predictions).Distinct().Order().ToList();
            if (present.Count > 2)
                throw new TaskInputException($"--metric_name {metric}: evaluate's {metric} averages \"binary\" by default, which sklearn refuses for " +
                                             $"{present.Count} distinct labels (\"Target is multiclass but average='binary'\"); run_classification.py " +
                                             "passes no average for single-label tasks, so use --metric_name accuracy.");
            if (present.Count == 2 && !present.Contains(1))
                throw new TaskInputException($"--metric_name {metric}: pos_label=1 is not a valid label; the labels present are ids {present[0]} and {present[1]} " +
                                             "(sklearn needs label id 1 among two); use --metric_name accuracy.");
            var pairs = predictions.Zip(references).ToList();
            return new(pairs.Count(p => p.First == 1 && p.Second == 1), pairs.Count(p => p.First == 1 && p.Second != 1), pairs.Count(p => p.First != 1 && p.Second == 1));
        }

        /// <summary>average="micro" over every (row, label) cell of multi-hot rows.</summary>
        public static Counts Micro(IReadOnlyList<int[]> predictions, IReadOnlyList<int[]> references)
        {
            long tp = 0, fp = 0, fn = 0;
            foreach (var (p, r) in predictions.Zip(references))
            {
                if (p.Length != r.Length)
                    throw new ArgumentException($"a multi-hot prediction of {p.Length} labels for a reference of {r.Length}.");
                for (int i = 0; i < p.Length; i++)
                {
                    tp += p[i] == 1 && r[i] == 1 ? 1 : 0;
                    fp += p[i] == 1 && r[i] != 1 ? 1 : 0;
                    fn += p[i] != 1 && r[i] == 1 ? 1 : 0;
                }
            }
            return new(tp, fp, fn);
        }

        public double Score(string metric)
        {
            double precision = Tp + Fp == 0 ? 0 : Tp / (double)(Tp + Fp), recall = Tp + Fn == 0 ? 0 : Tp / (double)(Tp + Fn);
            return metric switch
            {
                "precision" => precision,
                "recall" => recall,
                _ => Tp == 0 ? 0 : 2.0 * Tp / (2.0 * Tp + Fp + Fn),   // sklearn's F1 = 2tp / (2tp + fp + fn)
            };
        }
    }
}
