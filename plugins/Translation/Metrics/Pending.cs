namespace HfTrain.Plugins.Translation.Metrics;

// TEMPORARY until the sacreBLEU branch is merged (deleted at merge).
public sealed class SacreBleuMetric : HfTrain.Abstractions.IMetric
{
    public IReadOnlyDictionary<string, double> Compute(IReadOnlyList<string> predictions, IReadOnlyList<string> references) =>
        throw new NotSupportedException("BLEU is not merged yet");
}
