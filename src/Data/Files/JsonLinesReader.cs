using System.Text.Json;
using HfTrain.Abstractions;

namespace HfTrain.Data.Files;

/// <summary>JSON Lines: one object per line; blank lines are skipped (as pandas' <c>read_json(lines=True)</c>).</summary>
internal static class JsonLinesReader
{
    /// <summary>Parses each line straight from the UTF-8 bytes (no UTF-16 copy of the file).</summary>
    public static DatasetFile Read(string path, ReadOnlyMemory<byte> bytes)
    {
        Utf8Text.Validate(bytes.Span, path);
        if (bytes.Span.StartsWith("\uFEFF"u8))
            bytes = bytes[3..];
        var rows = new List<DataRow>();
        var columns = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        var start = 0;
        while (start < bytes.Length)
        {
            lineNumber++;
            var newline = bytes.Span[start..].IndexOf((byte)'\n');
            var end = newline < 0 ? bytes.Length : start + newline;
            var line = Trim(bytes[start..end]);
            start = end + 1;
            if (line.IsEmpty)
                continue;
            var location = FileLocation.Line(path, lineNumber);
            var row = ParseObject(line, location);
            JsonValues.AddColumns(row, columns, seen);
            rows.Add(row);
        }
        return new DatasetFile(path, DatasetFormat.JsonLines, columns, rows);
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line)
    {
        var span = line.Span;
        var first = 0;
        var last = span.Length;
        while (first < last && span[first] is (byte)' ' or (byte)'\t' or (byte)'\r')
            first++;
        while (last > first && span[last - 1] is (byte)' ' or (byte)'\t' or (byte)'\r')
            last--;
        return line[first..last];
    }

    private static DataRow ParseObject(ReadOnlyMemory<byte> line, string location)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new TaskInputException(
                    $"{location}: expected a JSON object ({{\"column\": value, ...}}), found a {document.RootElement.ValueKind}. " +
                    "Each line of a JSON Lines file must be one object.");
            return JsonValues.ToRow(document.RootElement, location);
        }
        catch (JsonException e)
        {
            throw new TaskInputException(
                $"{location}: not valid JSON ({FirstSentence(e.Message)}). " +
                "Fix or delete that line; each line must be one complete JSON object.");
        }
    }

    /// <summary>System.Text.Json messages end in "LineNumber: 0 | BytePositionInLine: 12." — keep the cause only.</summary>
    internal static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).TrimEnd('.', ' ');
    }
}
