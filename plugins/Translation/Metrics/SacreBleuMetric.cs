using HfTrain.Abstractions;

namespace HfTrain.Plugins.Translation.Metrics;

/// <summary>
/// run_translation.py's compute_metrics: strip predictions and labels (postprocess_text), then evaluate's
/// "sacrebleu" = sacrebleu.corpus_bleu with its defaults. Reports "bleu" (the score, 0–100, full precision —
/// run_translation rounds it to 4 places when it logs) and "chrf" (sacrebleu.corpus_chrf defaults, 0–100).
/// </summary>
public sealed class SacreBleuMetric : IMetric
{
    public IReadOnlyDictionary<string, double> Compute(IReadOnlyList<string> predictions, IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(references);
        if (predictions.Count != references.Count)
        {
            throw new TaskInputException(
                $"BLEU needs one reference per prediction, got {predictions.Count} predictions and " +
                $"{references.Count} references; pass files with the same number of lines.");
        }
        var hypotheses = predictions.Select(PythonWhitespace.Strip).ToList();
        var labels = references.Select(PythonWhitespace.Strip).ToList();
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["bleu"] = SacreBleu.CorpusScore(hypotheses, labels),
            ["chrf"] = ChrF.CorpusScore(hypotheses, labels),
        };
    }
}
