using System.Globalization;
using System.Text.Json;
using HfTrain.Abstractions;
using HfTrain.Engine.Evaluation;
using HfTrain.Engine.Models;

namespace HfTrain.Host.Jobs;

/// <summary>
/// run_classification.py's label handling. The problem type: the plugin's, else from the training labels (lists:
/// multi-label; floats: regression). The label list: the plugin's, else every label of the training split plus those
/// seen only in validation or test (with the script's warning), as strings sorted ordinally (Python's sort of str),
/// else the model config's id2label; regression has one output named LABEL_0. Each example's reference (see
/// <see cref="IClassificationTask"/>) becomes its labels: [id], a multi-hot row, or [float32 bits].
/// </summary>
internal sealed class ClassificationLabelMap(ClassifierLabels labels)
{
    readonly Dictionary<string, int> _ids = labels.Names.Select((name, id) => (name, id)).ToDictionary(p => p.name, p => p.id, StringComparer.Ordinal);

    public ClassifierLabels Labels => labels;

    bool Multi => labels.ProblemType == ClassifierLabels.MultiLabel;

    bool Regression => labels.ProblemType == ClassifierLabels.Regression;

    /// <summary>The problem type run_classification.py would pick.</summary>
    public static string ProblemType(string? declared, IReadOnlyList<Seq2SeqExample>? train, ClassifierLabels? model)
    {
        if (declared is ClassifierLabels.Regression or ClassifierLabels.MultiLabel)
            return declared;
        if (train is null)
            return declared ?? model?.ProblemType ?? ClassifierLabels.SingleLabel;
        if (train.Any(e => List(e.Reference) is not null))
            return ClassifierLabels.MultiLabel;
        bool floats = train.Any(e => IsFloat(e.Reference)) && train.All(e => Number(e.Reference) is not null);
        return declared is null && floats ? ClassifierLabels.Regression : ClassifierLabels.SingleLabel;
    }

    /// <summary>The sorted label names of the training references, then those only the other splits have (each named
    /// through <paramref name="warn"/>, as the script warns).</summary>
    public static IReadOnlyList<string> Collect(string problem, IEnumerable<string> train, IEnumerable<(string Split, IEnumerable<string> References)> others, Action<string> warn)
    {
        if (problem == ClassifierLabels.Regression)
            return ["LABEL_0"];
        IEnumerable<string> Names(IEnumerable<string> references) => problem == ClassifierLabels.MultiLabel
            ? references.SelectMany(r => List(r) ?? (r.Length == 0 ? [] : [r]))
            : references.Where(r => r.Length > 0);
        var names = Names(train).ToHashSet(StringComparer.Ordinal);
        foreach (var (split, references) in others)
        {
            var extra = Names(references).Where(n => !names.Contains(n)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (extra.Count == 0)
                continue;
            warn($"Labels {{{string.Join(", ", extra.Select(n => $"'{n}'"))}}} in {split} set but not in training set, adding them to the label list");
            names.UnionWith(extra);
        }
        return names.Count > 1 ? names.Order(StringComparer.Ordinal).ToList()
            : throw new TaskInputException($"You need more than one label to do classification: the training labels hold {names.Count} " +
                                           $"({string.Join(", ", names)}). Check --label_column_name, or give more rows (--max_train_samples, --shuffle_train_dataset).");
    }

    /// <summary>The examples with their labels set; a label outside the list is refused, naming the split.</summary>
    public IReadOnlyList<Seq2SeqExample> Apply(IReadOnlyList<Seq2SeqExample> examples, string split, bool labelsRequired) =>
        examples.Select(e => e with { Labels = !labelsRequired && e.Reference.Length == 0 ? Unlabelled() : LabelsOf(e.Reference, split) }).ToList();

    int[] Unlabelled() => Multi ? new int[labels.Count] : [0];

    int[] LabelsOf(string reference, string split)
    {
        if (Regression)
            return Number(reference) is { } value ? [RegressionTargets.Encode(value)]
                : throw new TaskInputException($"Label '{reference}' in the {split} set is not a number; regression needs numeric labels (or drop --do_regression).");
        if (!Multi)
            return [Id(reference, split)];
        var row = new int[labels.Count];
        foreach (string name in List(reference) ?? [reference])
            row[Id(name, split)] = 1;
        return row;
    }

    int Id(string name, string split) => _ids.TryGetValue(name, out int id) ? id
        : throw new TaskInputException($"Label '{name}' is in the {split} set but not in the label list ({labels.Count} labels: " +
                                       $"{string.Join(", ", labels.Names.Take(20))}{(labels.Count > 20 ? ", …" : "")}); please check the dataset.");

    public string Name(int id) => labels.Names[id];

    /// <summary>What EvalPrediction holds for one row, as the metric reads it: "3", "[0, 1, 1]" or "0.25".</summary>
    public string MetricText(int[] row) =>
        Regression ? PythonFloat(RegressionTargets.Decode(row[0]))
        : Multi ? $"[{string.Join(", ", row.Select(v => v.ToString(CultureInfo.InvariantCulture)))}]"
        : row[0].ToString(CultureInfo.InvariantCulture);

    /// <summary>A line's prediction in predict_results.txt: the label name, the list of names (Python's list text), or
    /// f"{item:3.3f}".</summary>
    public string PredictionText(int[] row) =>
        Regression ? RegressionTargets.Decode(row[0]).ToString("F3", CultureInfo.InvariantCulture)
        : Multi ? $"[{string.Join(", ", row.Select((v, i) => (v, i)).Where(p => p.v == 1).Select(p => PythonString(labels.Names[p.i])))}]"
        : labels.Names[row[0]];

    static string PythonString(string s) => s.Contains('\'') && !s.Contains('"') ? $"\"{s}\"" : $"'{s.Replace("'", "\\'")}'";

    static string PythonFloat(float value)
    {
        string text = ((double)value).ToString("R", CultureInfo.InvariantCulture);
        return double.IsFinite(value) && !text.Contains('.') && !text.Contains('E') ? text + ".0" : text;
    }

    /// <summary>The names of a JSON array reference, or null for any other reference.</summary>
    static List<string>? List(string reference)
    {
        if (!reference.StartsWith('['))
            return null;
        try
        {
            return JsonSerializer.Deserialize<List<string>>(reference);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;

    static bool IsFloat(string text) => Number(text) is not null && !long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
}

/// <summary>run_classification's compute_metrics: the predicted and true labels as EvalPrediction holds them, scored
/// by the task's metric.</summary>
internal sealed class ClassificationScorer(ClassificationLabelMap map, IMetric metric) : IPredictionScorer
{
    public void Prepare(IReadOnlyList<Seq2SeqExample> examples)
    {
    }

    public IReadOnlyDictionary<string, double> Score(IReadOnlyList<int[]> predictions, IReadOnlyList<Seq2SeqExample> examples) =>
        metric.Compute(predictions.Select(map.MetricText).ToList(), examples.Select(e => map.MetricText(e.Labels)).ToList());
}
