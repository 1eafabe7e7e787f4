using HfTrain.Abstractions;

namespace HfTrain.Data.Files;

/// <summary>All rows of one dataset file and its column names (first-seen order, as <c>datasets</c> lists them).</summary>
public sealed record DatasetFile(string Path, DatasetFormat Format, IReadOnlyList<string> Columns, IReadOnlyList<DataRow> Rows);
