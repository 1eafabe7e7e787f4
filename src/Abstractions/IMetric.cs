namespace HfTrain.Abstractions;

/// <summary>A task's metrics from decoded strings. Keys without the eval_/predict_ prefix (e.g. "rouge1").</summary>
public interface IMetric
{
    IReadOnlyDictionary<string, double> Compute(IReadOnlyList<string> predictions, IReadOnlyList<string> references);
}
