using HfTrain.Abstractions;
using HfTrain.Data.Files;

namespace HfTrain.Data.Hub;

/// <summary>A resolved <c>--dataset_name</c>: the folder it came from and the data files of each split it has
/// (shards in name order).</summary>
public sealed record DatasetSource(
    string Name, string? Config, string Root, IReadOnlyDictionary<DataSplit, IReadOnlyList<string>> Files)
{
    public bool Has(DataSplit split) => Files.TryGetValue(split, out var files) && files.Count > 0;

    /// <summary>All rows of <paramref name="split"/>, shards concatenated; a <see cref="TaskInputException"/> naming
    /// <paramref name="option"/> (e.g. "--do_eval") when the dataset lacks the split.</summary>
    public DatasetFile Read(DataSplit split, string option)
    {
        if (!Has(split))
            throw new TaskInputException(
                $"{option} needs a {SplitNames.Canonical(split)} split, but dataset '{Name}' at {Root} has none " +
                $"(looked for files or folders named {string.Join("/", SplitNames.Keywords(split))}; found splits: " +
                $"{string.Join(", ", Files.Where(f => f.Value.Count > 0).Select(f => SplitNames.Canonical(f.Key)))}). " +
                $"Add the split, or pass --{SplitNames.Canonical(split)}_file.");
        return DatasetReader.ReadAll(Files[split]);
    }
}
