using HfTrain.Abstractions;

namespace HfTrain.Data.Files;

/// <summary>All rows of one dataset file and its column names (first-seen order, as <c>datasets</c> lists them).</summary>
public sealed record DatasetFile(string Path, DatasetFormat Format, IReadOnlyList<string> Columns, IReadOnlyList<DataRow> Rows)
{
    /// <summary>This file, or a <see cref="TaskInputException"/> when it has no rows: an empty split would
    /// otherwise surface later as a division by zero or an empty metric.</summary>
    public DatasetFile RequireRows(string option) =>
        Rows.Count > 0
            ? this
            : throw new TaskInputException(
                $"{Path}: holds no rows, but {option} needs at least one. Check that the file is the one you meant " +
                "(a CSV needs a header line and data lines; JSON Lines one object per line).");
}
