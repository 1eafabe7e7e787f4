using System.Globalization;
using HfTrain.Abstractions;
using HfTrain.Engine.Evaluation;
using HfTrain.Engine.Models;

namespace HfTrain.Host.Jobs;

/// <summary>
/// run_classification.py's label handling: the label list (the plugin's, else the training split's labels, unique and
/// sorted — numerically when every label is a number — else the model config's id2label), and each example's label
/// name turned into its id.
/// </summary>
internal sealed class ClassificationLabelMap(ClassifierLabels labels)
{
    readonly Dictionary<string, int> _ids = labels.Names.Select((name, id) => (name, id)).ToDictionary(p => p.name, p => p.id, StringComparer.Ordinal);

    public ClassifierLabels Labels => labels;

    public static IReadOnlyList<string> Collect(IEnumerable<string> names)
    {
        var unique = names.Distinct(StringComparer.Ordinal).ToList();
        return unique.All(n => double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            ? unique.OrderBy(n => double.Parse(n, CultureInfo.InvariantCulture)).ToList()
            : unique.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The examples with their label id as the one label; a label outside the list is refused, naming the split.</summary>
    public IReadOnlyList<Seq2SeqExample> Apply(IReadOnlyList<Seq2SeqExample> examples, string split, bool labelsRequired)
    {
        return examples.Select(e =>
        {
            if (_ids.TryGetValue(e.Reference, out int id))
                return e with { Labels = [id] };
            if (!labelsRequired && e.Reference.Length == 0)
                return e with { Labels = [0] };
            throw new TaskInputException($"Label '{e.Reference}' is in the {split} set but not in the label list ({labels.Count} labels: " +
                                         $"{string.Join(", ", labels.Names.Take(20))}{(labels.Count > 20 ? ", …" : "")}); please check the dataset.");
        }).ToList();
    }

    public string Name(int id) => labels.Names[id];
}

/// <summary>run_classification's compute_metrics: argmax ids → label names, scored by the task's metric.</summary>
internal sealed class ClassificationScorer(ClassificationLabelMap map, IMetric metric) : IPredictionScorer
{
    public void Prepare(IReadOnlyList<Seq2SeqExample> examples)
    {
    }

    public IReadOnlyDictionary<string, double> Score(IReadOnlyList<int[]> predictions, IReadOnlyList<Seq2SeqExample> examples) =>
        metric.Compute(predictions.Select(p => map.Name(p[0])).ToList(), examples.Select(e => e.Reference).ToList());
}
