namespace HfTrain.Engine.Models.T5;

/// <summary>A checkpoint whose tensors do not fit the model its config.json describes.</summary>
public sealed class T5WeightsException(string message) : Exception(message)
{
    internal static T5WeightsException Mismatch(string source, T5Config config, IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected, IReadOnlyList<string> wrongShape)
    {
        static string List(IReadOnlyList<string> items) =>
            string.Join(", ", items.Take(8)) + (items.Count > 8 ? $", ... ({items.Count} in all)" : "");
        var parts = new List<string>();
        if (missing.Count > 0)
            parts.Add($"missing {missing.Count}: {List(missing)}");
        if (unexpected.Count > 0)
            parts.Add($"unexpected {unexpected.Count}: {List(unexpected)}");
        if (wrongShape.Count > 0)
            parts.Add($"wrong shape {wrongShape.Count}: {List(wrongShape)}");
        return new T5WeightsException(
            $"{source} does not match the model of its config ({config}): {string.Join("; ", parts)}. " +
            "Check that config.json belongs to these weights (a T5ForConditionalGeneration checkpoint).");
    }
}
