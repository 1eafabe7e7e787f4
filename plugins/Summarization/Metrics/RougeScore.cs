namespace HfTrain.Plugins.Summarization.Metrics;

/// <summary>One ROUGE score as rouge_score's scoring.Score: precision, recall and their harmonic mean.</summary>
public readonly record struct RougeScore(double Precision, double Recall, double FMeasure)
{
    public static RougeScore Zero => new(0, 0, 0);

    /// <summary>scoring.fmeasure: 2PR/(P+R), 0 when both are 0.</summary>
    public static RougeScore From(double precision, double recall) =>
        new(precision, recall, precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0);
}
