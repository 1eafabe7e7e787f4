using HfTrain.Abstractions;

namespace HfTrain.Data.Predictions;

/// <summary>
/// The body of <c>hf-train metrics &lt;task&gt; --predictions P --references R</c>: read both files
/// (<see cref="GeneratedTextFile"/> format), check they pair up line by line, and compute the task's metrics.
/// </summary>
public static class MetricsFiles
{
    public static IReadOnlyDictionary<string, double> Compute(IMetric metric, string predictionsPath, string referencesPath)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var predictions = ReadOption(predictionsPath, "--predictions");
        var references = ReadOption(referencesPath, "--references");
        if (predictions.Count != references.Count)
        {
            throw new TaskInputException(
                $"--predictions '{predictionsPath}' has {predictions.Count} lines but --references '{referencesPath}' " +
                $"has {references.Count}; each line of one must pair with the same line of the other " +
                "(one text per line, newlines inside a text written as \\n).");
        }
        if (predictions.Count == 0)
        {
            throw new TaskInputException($"--predictions '{predictionsPath}' is empty; pass a file with one text per line.");
        }
        return metric.Compute(predictions, references);
    }

    private static IReadOnlyList<string> ReadOption(string path, string option)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new TaskInputException($"{option} is missing; pass a text file with one text per line.");
        }
        if (!File.Exists(path))
        {
            throw new TaskInputException($"{option} '{path}' does not exist; pass a text file with one text per line.");
        }
        return GeneratedTextFile.Read(path);
    }
}
