using HfTrain.Abstractions;

namespace HfTrain.Data.Batching;

/// <summary><c>--max_train_samples</c>/<c>--max_eval_samples</c>/<c>--max_predict_samples</c>: the first N rows, as
/// run_summarization.py's <c>dataset.select(range(min(len(dataset), N)))</c>, applied to raw rows before
/// preprocessing drops any.</summary>
public static class SampleLimit
{
    public static IReadOnlyList<T> Take<T>(IReadOnlyList<T> rows, int? max, string option)
    {
        if (max is null)
            return rows;
        if (max < 0)
            throw new TaskInputException($"{option} must be 0 or more, got {max}.");
        return max >= rows.Count ? rows : rows.Take(max.Value).ToList();
    }
}
