using HfTrain.Abstractions;
using HfTrain.Data.Files;

namespace HfTrain.Data.Hub;

/// <summary>
/// Resolves <c>--dataset_name NAME --dataset_config_name CFG</c> offline: NAME as a local folder laid out like a
/// Hub dataset repository, else the repository's snapshot in the Hugging Face cache. Layouts tried, first hit per
/// split wins: <c>CFG/SPLIT-00000-of-0000N.parquet</c> (the Hub's parquet conversion), <c>CFG/SPLIT/*</c>,
/// <c>data/SPLIT-*</c>, <c>data/SPLIT/*</c>, <c>SPLIT.jsonl</c> (and friends) at the top. CFG defaults to "default".
/// </summary>
public sealed class DatasetResolver(HubCache cache)
{
    /// <summary>Data file extensions, in the order preferred when one split has several formats
    /// (e.g. validation.jsonl and validation.csv side by side: JSON Lines wins).</summary>
    private static readonly string[] Extensions = [".parquet", ".jsonl", ".ndjson", ".json", ".csv", ".tsv"];

    public DatasetResolver()
        : this(new HubCache())
    {
    }

    public DatasetSource Resolve(string name, string? config)
    {
        var looked = new List<string>();
        foreach (var root in Roots(name, looked))
        {
            var files = new Dictionary<DataSplit, IReadOnlyList<string>>();
            var bases = Bases(root, config, name);
            foreach (var split in Enum.GetValues<DataSplit>())
                files[split] = bases.Select(b => SplitFiles(b, split)).FirstOrDefault(f => f.Count > 0) ?? [];
            if (files.Values.Any(f => f.Count > 0))
                return new DatasetSource(name, config, root, files);
            looked.Add($"{root} (exists, but holds no train/validation/test data files in {string.Join(", ", bases)})");
        }
        throw new TaskInputException(
            $"--dataset_name '{name}'{(config is null ? "" : $" --dataset_config_name '{config}'")}: no local copy found " +
            "(a Hub dataset id is downloaded unless HF_HUB_OFFLINE is set). Looked in:\n  " + string.Join("\n  ", looked) + "\n" +
            $"Download it first with network access (`hf-train download {name} --repo-type dataset`), pass a folder as --dataset_name, " +
            "or give --train_file/--validation_file/--test_file.");
    }

    private IEnumerable<string> Roots(string name, List<string> looked)
    {
        var local = Path.GetFullPath(name);
        if (Directory.Exists(local))
            yield return local;
        else
            looked.Add($"{local} (local folder: not found)");
        var snapshot = cache.Snapshot(name);
        if (snapshot is not null)
            yield return snapshot;
        else
            looked.Add($"{cache.RepoFolder(name)}/snapshots/<refs/main> (Hugging Face cache: not found; set HF_HUB_CACHE or HF_HOME to use another cache)");
    }

    /// <summary>Folders to search, most specific first. A named config that is not a folder is an error that lists
    /// the configs present (as <c>datasets</c> lists its BuilderConfigs).</summary>
    private static List<string> Bases(string root, string? config, string name)
    {
        var configFolder = Path.Combine(root, config ?? "default");
        if (config is not null && !Directory.Exists(configFolder))
        {
            var present = Directory.GetDirectories(root).Select(Path.GetFileName)
                .Where(d => d is not null && d != "data" && !d.StartsWith('.') && !IsSplitKeyword(d)).ToList();
            throw new TaskInputException(
                $"--dataset_config_name '{config}': dataset '{name}' at {root} has no folder '{config}'. " +
                $"Configs found: {(present.Count == 0 ? "(none: omit --dataset_config_name)" : string.Join(", ", present))}.");
        }
        var bases = new List<string>();
        if (Directory.Exists(configFolder))
            bases.Add(configFolder);
        bases.Add(Path.Combine(root, "data"));
        bases.Add(root);
        return bases.Where(Directory.Exists).ToList();
    }

    /// <summary>Files named <c>SPLIT.ext</c>/<c>SPLIT-*</c>/<c>SPLIT_*</c> in <paramref name="folder"/>, else every
    /// data file in the folder <c>SPLIT/</c>; one format only, shards sorted by name.</summary>
    private static IReadOnlyList<string> SplitFiles(string folder, DataSplit split)
    {
        foreach (var keyword in SplitNames.Keywords(split))
        {
            var named = Directory.GetFiles(folder).Where(f => StartsWithKeyword(Path.GetFileName(f), keyword)).ToList();
            var files = OneFormat(named);
            if (files.Count > 0)
                return files;
            var sub = Path.Combine(folder, keyword);
            if (Directory.Exists(sub))
            {
                files = OneFormat(Directory.GetFiles(sub).ToList());
                if (files.Count > 0)
                    return files;
            }
        }
        return [];
    }

    private static List<string> OneFormat(List<string> files)
    {
        foreach (var extension in Extensions)
        {
            var hits = files.Where(f => DataExtension(f) == extension).Order(StringComparer.Ordinal).ToList();
            if (hits.Count > 0)
                return hits;
        }
        return [];
    }

    private static string DataExtension(string path)
    {
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return Path.GetExtension(name).ToLowerInvariant();
    }

    private static bool StartsWithKeyword(string fileName, string keyword) =>
        fileName.StartsWith(keyword, StringComparison.OrdinalIgnoreCase)
        && fileName.Length > keyword.Length
        && fileName[keyword.Length] is '-' or '.' or '_';

    private static bool IsSplitKeyword(string? folder) =>
        folder is not null && Enum.GetValues<DataSplit>().Any(s => SplitNames.Keywords(s).Contains(folder));
}
