namespace HfTrain.Plugins.Summarization.Metrics;

// TEMPORARY until the ROUGE branch is merged (deleted at merge).
public sealed class RougeMetric : HfTrain.Abstractions.IMetric
{
    public IReadOnlyDictionary<string, double> Compute(IReadOnlyList<string> predictions, IReadOnlyList<string> references) =>
        throw new NotSupportedException("ROUGE is not merged yet");
}
