namespace HfTrain.Abstractions;

/// <summary>A task's metrics from decoded strings. Keys without the eval_/predict_ prefix (e.g. "rouge1").</summary>
public interface IMetric
{
    /// <summary>The metrics of <paramref name="predictions"/> against <paramref name="references"/> (same length, same
    /// order), as plain numbers; the host adds the eval_/predict_ prefix and writes them to the results files.</summary>
    IReadOnlyDictionary<string, double> Compute(IReadOnlyList<string> predictions, IReadOnlyList<string> references);

    /// <summary>
    /// Called with the references ahead of <see cref="Compute"/> when they are known before the predictions (while the
    /// predictions are generated, on another thread); <see cref="Compute"/> then gets this same list. A metric may
    /// pre-process them here (tokenize, count n-grams) so that less work is left once generation ends. Optional.
    /// </summary>
    void Prepare(IReadOnlyList<string> references)
    {
    }
}
