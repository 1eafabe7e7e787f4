using HfTrain.Abstractions;

namespace HfTrain.Plugins.Summarization.Metrics;

/// <summary>
/// run_summarization.py's compute_metrics: strip predictions and labels, put one sentence per line
/// (<see cref="SentenceSplitter"/> in place of nltk.sent_tokenize), score each pair with rouge_score
/// (<c>use_stemmer=True</c>, target = label) and report rouge1, rouge2, rougeL, rougeLsum.
/// Aggregation differs on purpose: <c>evaluate</c>'s rouge with use_aggregator=True reports the median F-measure
/// of a 1000-sample bootstrap (random, and the median of means ≈ the mean); we report the plain MEAN F-measure
/// over pairs, ×100, rounded to 4 decimals exactly as run_summarization's <c>round(v * 100, 4)</c> (<see cref="PythonRound"/>).
/// </summary>
public sealed class RougeMetric : IMetric
{
    public static readonly IReadOnlyList<string> Keys = ["rouge1", "rouge2", "rougeL", "rougeLsum"];

    private readonly RougeScorer _scorer = new(useStemmer: true);
    private (IReadOnlyList<string> References, RougeScorer.Target[] Targets)? _prepared;

    /// <summary>Tokenizes and stems the references ahead (on all cores); <see cref="Compute"/> with this same list reuses them.</summary>
    public void Prepare(IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        var targets = new RougeScorer.Target[references.Count];
        Parallel.For(0, references.Count, i => targets[i] = PrepareTarget(references[i]));
        _prepared = (references, targets);
    }

    private RougeScorer.Target PrepareTarget(string reference) =>
        _scorer.Prepare(SentenceSplitter.OnePerLine(PythonWhitespace.Strip(reference)));

    public IReadOnlyDictionary<string, double> Compute(IReadOnlyList<string> predictions, IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(references);
        if (predictions.Count != references.Count)
        {
            throw new TaskInputException(
                $"ROUGE needs one reference per prediction, got {predictions.Count} predictions and " +
                $"{references.Count} references; pass files with the same number of lines.");
        }
        // pairs are scored on all cores (the scorer keeps no state), then summed in order: the same sums every time
        var prepared = _prepared is { } p && ReferenceEquals(p.References, references) ? p.Targets : null;
        var scores = new RougeScores[predictions.Count];
        Parallel.For(0, predictions.Count, i =>
        {
            var prediction = SentenceSplitter.OnePerLine(PythonWhitespace.Strip(predictions[i]));
            scores[i] = _scorer.Score(prepared?[i] ?? PrepareTarget(references[i]), prediction);
        });
        var sums = new double[4];
        foreach (var s in scores)
        {
            sums[0] += s.Rouge1.FMeasure;
            sums[1] += s.Rouge2.FMeasure;
            sums[2] += s.RougeL.FMeasure;
            sums[3] += s.RougeLsum.FMeasure;
        }
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var k = 0; k < Keys.Count; k++)
        {
            var mean = predictions.Count == 0 ? 0.0 : sums[k] / predictions.Count;
            result[Keys[k]] = PythonRound.Round(mean * 100, 4);
        }
        return result;
    }
}
