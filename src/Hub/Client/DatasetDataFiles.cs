using System.Text.Json.Nodes;

namespace HfTrain.Hub.Client;

/// <summary>Which repo files make each split of a dataset config (split name → repo paths, sorted).</summary>
public sealed record DataFilesPlan(string Config, string Revision, IReadOnlyDictionary<string, IReadOnlyList<string>> Splits);

/// <summary>
/// The <c>datasets</c> library's data-file resolution without running any script (<c>data_files.py</c>), in its
/// order: the card's YAML <c>configs:</c> (<c>data_files</c> per split, globs); else the default split patterns
/// (<c>data/{split}-00000-of-00001*</c>, then folders and then file names holding train/training,
/// validation/valid/dev/val, test/testing/eval/evaluation); else the Hub's parquet conversion
/// (<c>refs/convert/parquet</c>: <c>{config}/{split}/*.parquet</c>).
/// </summary>
public static class DatasetDataFiles
{
    static readonly string[] DataExtensions = [".parquet", ".arrow", ".jsonl", ".json", ".ndjson", ".csv", ".tsv", ".txt"];
    const string Sep = "-._ 0-9";
    static readonly (string Split, string[] Keywords)[] SplitKeywords =
    [
        ("train", ["train", "training"]),
        ("validation", ["validation", "valid", "dev", "val"]),
        ("test", ["test", "testing", "eval", "evaluation"]),
    ];

    public static bool IsDataFile(string path)
    {
        string name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return DataExtensions.Contains(Path.GetExtension(name).ToLowerInvariant())
               && !path.Split('/').Any(s => s.StartsWith('.') || s.StartsWith("__", StringComparison.Ordinal));
    }

    /// <summary>The <c>config_name</c>s of the card's <c>configs:</c> list.</summary>
    public static IReadOnlyList<string> ConfigNames(JsonObject card) =>
        (card["configs"] as JsonArray ?? []).Select(c => c?["config_name"]?.ToString() ?? "default").ToList();

    /// <summary>The plan from the card's <c>configs:</c>; null when the card has none. <paramref name="config"/> null
    /// takes the config marked <c>default: true</c>, else the one named "default", else the first.</summary>
    public static DataFilesPlan? FromCard(JsonObject card, string? config, IReadOnlyList<string> files, string revision, string dataset)
    {
        if (card["configs"] is not JsonArray { Count: > 0 } configs)
            return null;
        JsonNode? chosen = config is null
            ? configs.FirstOrDefault(c => c?["default"] is JsonValue v && v.TryGetValue(out bool d) && d)
              ?? configs.FirstOrDefault(c => (c?["config_name"]?.ToString() ?? "default") == "default") ?? configs[0]
            : configs.FirstOrDefault(c => (c?["config_name"]?.ToString() ?? "default") == config)
              ?? throw new HubClientException(HubErrorKind.EntryNotFound,
                  $"dataset {dataset} has no config '{config}'; its README.md lists: {string.Join(", ", ConfigNames(card))}. Pick one with --dataset_config_name.");
        string name = chosen?["config_name"]?.ToString() ?? "default";
        var patterns = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        switch (chosen?["data_files"])
        {
            case JsonValue one:
                patterns["train"] = [one.ToString()];
                break;
            case JsonArray list when list.All(x => x is JsonValue):
                patterns["train"] = list.Select(x => x!.ToString()).ToList();
                break;
            case JsonArray list:
                foreach (JsonNode? entry in list)
                    Add(patterns, entry?["split"]?.ToString() ?? "train", entry?["path"]);
                break;
            case JsonObject map:
                foreach (var (split, paths) in map)
                    Add(patterns, split, paths);
                break;
            default:
                return FromDefaultPatterns(files, revision, name);
        }
        var splits = patterns.ToDictionary(p => p.Key, p => Match(files, p.Value));
        return new DataFilesPlan(name, revision, splits);
    }

    /// <summary>The default split patterns over <paramref name="files"/>; null when none is a data file.</summary>
    public static DataFilesPlan? FromDefaultPatterns(IReadOnlyList<string> files, string revision, string config = "default")
    {
        var data = files.Where(IsDataFile).ToList();
        if (data.Count == 0)
            return null;
        foreach (var family in PatternFamilies())
        {
            var splits = family.ToDictionary(f => f.Split, f => Match(data, f.Patterns)).Where(s => s.Value.Count > 0)
                .ToDictionary(s => s.Key, s => s.Value);
            if (splits.Count > 0)
                return new DataFilesPlan(config, revision, splits);
        }
        return new DataFilesPlan(config, revision, new Dictionary<string, IReadOnlyList<string>> { ["train"] = data.Order(StringComparer.Ordinal).ToList() });
    }

    /// <summary><c>{config}/{split}/*.parquet</c> on the <c>refs/convert/parquet</c> branch; null when none.</summary>
    public static DataFilesPlan? FromParquetBranch(IReadOnlyList<string> files, string? config, string revision)
    {
        string name = config ?? "default";
        var splits = files.Where(f => f.EndsWith(".parquet", StringComparison.Ordinal) && f.StartsWith(name + "/", StringComparison.Ordinal))
            .GroupBy(f => f.Split('/') is { Length: 3 } parts ? parts[1] : "")
            .Where(g => g.Key.Length > 0)
            .ToDictionary(g => SplitNameOf(g.Key), g => (IReadOnlyList<string>)g.Order(StringComparer.Ordinal).ToList());
        return splits.Count == 0 ? null : new DataFilesPlan(name, revision, splits);
    }

    /// <summary>"train", "validation" or "test" for a split name or one of its keywords; else the name itself.</summary>
    public static string SplitNameOf(string name) =>
        SplitKeywords.FirstOrDefault(s => s.Keywords.Contains(name.ToLowerInvariant())).Split ?? name;

    static IEnumerable<(string Split, string[] Patterns)[]> PatternFamilies()
    {
        yield return SplitKeywords.Select(s => (s.Split, new[] { $"data/{s.Split}-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]*.*" })).ToArray();
        yield return SplitKeywords.Select(s => (s.Split, s.Keywords.SelectMany(k => new[]
            { $"{k}/**", $"{k}[{Sep}]*/**", $"**/*[{Sep}]{k}/**", $"**/*[{Sep}]{k}[{Sep}]*/**" }).ToArray())).ToArray();
        yield return SplitKeywords.Select(s => (s.Split, s.Keywords.SelectMany(k => new[]
            { $"**/{k}[{Sep}]*", $"**/*[{Sep}]{k}[{Sep}]*" }).ToArray())).ToArray();
    }

    static void Add(Dictionary<string, List<string>> patterns, string split, JsonNode? paths)
    {
        var list = patterns.TryGetValue(split, out var l) ? l : patterns[split] = [];
        if (paths is JsonArray many)
            list.AddRange(many.Select(p => p!.ToString()));
        else if (paths is not null)
            list.Add(paths.ToString());
    }

    static IReadOnlyList<string> Match(IEnumerable<string> files, IEnumerable<string> patterns) =>
        files.Where(f => patterns.Any(p => Glob.MatchesDataFile(p, f))).Order(StringComparer.Ordinal).ToList();
}
