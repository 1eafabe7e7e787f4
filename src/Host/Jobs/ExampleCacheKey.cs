using System.Globalization;
using HfTrain.Abstractions;
using HfTrain.Data.Caching;
using HfTrain.Data.Files;
using HfTrain.Data.Samples;
using HfTrain.Tokenization;

namespace HfTrain.Host.Jobs;

/// <summary>
/// The tokenized-data cache key of one split: everything that can change its token ids. The task plugin's code
/// (<see cref="CodeIdentity"/>, not only its version) and hf-train's tokenizer and readers; the data (file stamp, or the
/// embedded sample's bytes); the tokenizer files' contents; and every option of the task's option set, by construction
/// rather than by a hand-kept list: the example builder sees no other options (<see cref="TaskOptionView"/>).
/// </summary>
internal static class ExampleCacheKey
{
    /// <summary>Task options that cannot change the examples: whether the cache is read, and how many threads build
    /// them (in order). Keying <c>overwrite_cache</c> would also file the rebuilt entry where no later run looks.</summary>
    public static IReadOnlySet<string> NotKeyed { get; } = new HashSet<string>(StringComparer.Ordinal) { "overwrite_cache", "preprocessing_num_workers" };

    public static string Compute(TaskDescriptor task, string pluginCode, DataSplit split, string source, int rows,
        IOptionValues options, IEnumerable<string> taskOptionNames, IReadOnlyList<string> tokenizerFiles)
    {
        // '#' keeps these apart from option names, which start with a letter (PluginRules)
        var fingerprint = new Fingerprint()
            .AddOption("#task", $"{task.Name}@{task.Version}")
            .AddCode("plugin", pluginCode)
            .AddCode("tokenizer", CodeIdentity.Of(typeof(TokenizerFactory).Assembly))
            .AddCode("data", CodeIdentity.Of(typeof(DatasetReader).Assembly))
            .AddOption("#split", split.ToString())
            .AddOption("#rows", rows.ToString(CultureInfo.InvariantCulture));
        if (source.StartsWith("embedded:", StringComparison.Ordinal))
            fingerprint.AddOption("#embedded", EmbeddedSamples.Sha256(task.Name, split));
        else if (File.Exists(source))
            fingerprint.AddDataFile(source);
        else
            fingerprint.AddOption("#source", source);
        foreach (string name in taskOptionNames.Distinct(StringComparer.Ordinal).Where(n => !NotKeyed.Contains(n)))
            fingerprint.AddOption(name, options[name]);
        foreach (string path in tokenizerFiles)
            fingerprint.AddFileContents(path);
        return fingerprint.Compute();
    }
}
