using HfTrain.Abstractions;
using HfTrain.Data.Files;

namespace HfTrain.Data.Samples;

/// <summary>
/// Small real datasets compiled into this assembly (see PROVENANCE.md): 2,000 train / 200 validation rows of the
/// Debian description summarization set and of the DDTP en→de translation set.
/// </summary>
public static class EmbeddedSamples
{
    /// <summary>Task names with a sample: "summarization", "translation" (en→de).</summary>
    public static IReadOnlyList<string> Tasks { get; } = ["summarization", "translation"];

    /// <summary>The rows of <paramref name="task"/>'s sample for <paramref name="split"/>. Test has no sample of
    /// its own; it is the validation sample, as run_summarization.py users commonly point both at one file.</summary>
    public static DatasetFile Open(string task, DataSplit split)
    {
        var splitName = split == DataSplit.Train ? "train" : "validation";
        return DatasetReader.Read($"embedded:{task}/{splitName}.jsonl.gz", ResourceBytes(task, split));
    }

    /// <summary>SHA-256 (hex) of the sample's bytes, for the tokenized-cache <c>Fingerprint</c>.</summary>
    public static string Sha256(string task, DataSplit split) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ResourceBytes(task, split)));

    private static byte[] ResourceBytes(string task, DataSplit split)
    {
        if (!Tasks.Contains(task))
            throw new TaskInputException(
                $"There is no built-in sample for task '{task}' (samples exist for: {string.Join(", ", Tasks)}). " +
                "Give --train_file/--validation_file or --dataset_name.");
        var splitName = split == DataSplit.Train ? "train" : "validation";
        var resource = $"HfTrain.Data.Samples/{task}/{splitName}.jsonl.gz";
        using var stream = typeof(EmbeddedSamples).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing from the build.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
