using HfTrain.Abstractions;

namespace HfTrain.Engine.Models.T5;

/// <summary>The user-facing error for a checkpoint whose tensors do not fit the model its config.json describes.</summary>
internal static class T5WeightsMismatch
{
    public static TaskInputException Create(string source, T5Config config, IReadOnlyList<string> missing,
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
        return new TaskInputException(
            $"{source} does not match the model of its config ({config}): {string.Join("; ", parts)}. " +
            "Check that config.json belongs to these weights (a T5ForConditionalGeneration checkpoint).");
    }
}
