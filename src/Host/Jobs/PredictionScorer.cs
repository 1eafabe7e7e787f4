using HfTrain.Abstractions;

namespace HfTrain.Host.Jobs;

/// <summary>
/// run_summarization's compute_metrics: decode predictions and labels (-100 → pad, special tokens skipped), score with
/// the task's metric, add gen_len (mean count of non-pad generated tokens), round everything to 4 places.
/// </summary>
internal sealed class PredictionScorer(ITextTokenizer tokenizer, IMetric metric)
{
    public IReadOnlyDictionary<string, double> Score(IReadOnlyList<int[]> predictions, IReadOnlyList<Seq2SeqExample> examples)
    {
        // decoding only reads the tokenizer: rows are decoded on all cores, in order
        var decodedPredictions = predictions.AsParallel().AsOrdered().Select(p => tokenizer.Decode(p, skipSpecialTokens: true)).ToList();
        var decodedLabels = examples.AsParallel().AsOrdered().Select(e => tokenizer.Decode(e.Labels.Where(id => id >= 0).ToArray(), skipSpecialTokens: true)).ToList();
        var result = new Dictionary<string, double>(metric.Compute(decodedPredictions, decodedLabels))
        {
            ["gen_len"] = predictions.Count == 0 ? 0 : predictions.Average(p => p.Count(id => id != tokenizer.PadTokenId)),
        };
        return result.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 4));
    }
}
