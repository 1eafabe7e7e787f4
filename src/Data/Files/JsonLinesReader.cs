using System.Text.Json;
using HfTrain.Abstractions;

namespace HfTrain.Data.Files;

/// <summary>JSON Lines: one object per line; blank lines are skipped (as pandas' <c>read_json(lines=True)</c>).</summary>
internal static class JsonLinesReader
{
    public static DatasetFile Read(string path, string text)
    {
        var rows = new List<DataRow>();
        var columns = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.IsEmpty)
                continue;
            var location = FileLocation.Line(path, lineNumber);
            var row = ParseObject(line.ToString(), location);
            JsonValues.AddColumns(row, columns, seen);
            rows.Add(row);
        }
        return new DatasetFile(path, DatasetFormat.JsonLines, columns, rows);
    }

    private static DataRow ParseObject(string line, string location)
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
