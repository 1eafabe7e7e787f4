using HfTrain.Abstractions;
using HfTrain.Engine.Evaluation;

namespace HfTrain.Host.Jobs;

/// <summary>
/// run_summarization's compute_metrics: decode predictions and labels (-100 → pad, special tokens skipped), score with
/// the task's metric, add gen_len (mean count of non-pad generated tokens), round everything to 4 places.
/// </summary>
internal sealed class PredictionScorer(ITextTokenizer tokenizer, IMetric metric) : IPredictionScorer
{
    private (IReadOnlyList<Seq2SeqExample> Examples, List<string> Labels)? _prepared;

    /// <summary>Decodes the labels and lets the metric prepare them as references (while the predictions generate).</summary>
    public void Prepare(IReadOnlyList<Seq2SeqExample> examples)
    {
        var labels = DecodeLabels(examples);
        metric.Prepare(labels);
        _prepared = (examples, labels);
    }

    // decoding only reads the tokenizer: rows are decoded on all cores, in order
    private List<string> DecodeLabels(IReadOnlyList<Seq2SeqExample> examples) =>
        examples.AsParallel().AsOrdered().Select(e => tokenizer.Decode(e.Labels.Where(id => id >= 0).ToArray(), skipSpecialTokens: true)).ToList();

    public IReadOnlyDictionary<string, double> Score(IReadOnlyList<int[]> predictions, IReadOnlyList<Seq2SeqExample> examples)
    {
        var decodedPredictions = predictions.AsParallel().AsOrdered().Select(p => tokenizer.Decode(p, skipSpecialTokens: true)).ToList();
        var decodedLabels = _prepared is { } p && ReferenceEquals(p.Examples, examples) ? p.Labels : DecodeLabels(examples);
        var result = new Dictionary<string, double>(metric.Compute(decodedPredictions, decodedLabels))
        {
            ["gen_len"] = predictions.Count == 0 ? 0 : predictions.Average(p => p.Count(id => id != tokenizer.PadTokenId)),
        };
        return result.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 4));
    }
}
