namespace HfTrain.Data.Files;

/// <summary>How rows are named in messages: "file:line N" (text formats) or "file:row N" (Parquet, JSON arrays),
/// both 1-based.</summary>
internal static class FileLocation
{
    public static string Line(string path, long line) => $"{path}:line {line}";

    public static string Row(string path, long row) => $"{path}:row {row}";
}
