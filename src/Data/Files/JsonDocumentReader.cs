using System.Text.Json;
using HfTrain.Abstractions;

namespace HfTrain.Data.Files;

/// <summary>A whole JSON document: an array of objects, or an object whose one array-of-objects property holds
/// the rows (what <c>load_dataset("json", field="data")</c> reads; we pick the field when there is one).</summary>
internal static class JsonDocumentReader
{
    public static DatasetFile Read(string path, string text)
    {
        using var document = Parse(path, text);
        var root = document.RootElement;
        var (array, prefix) = root.ValueKind switch
        {
            JsonValueKind.Array => (root, ""),
            JsonValueKind.Object => FindRowsField(path, root),
            _ => throw new TaskInputException(
                $"{path}: a JSON file must hold an array of objects or an object with one such array, found a {root.ValueKind}."),
        };
        var rows = new List<DataRow>();
        var columns = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            index++;
            var location = FileLocation.Row(path, index) + prefix;
            if (item.ValueKind != JsonValueKind.Object)
                throw new TaskInputException(
                    $"{location}: expected a JSON object ({{\"column\": value, ...}}), found a {item.ValueKind}.");
            var row = JsonValues.ToRow(item, location);
            JsonValues.AddColumns(row, columns, seen);
            rows.Add(row);
        }
        return new DatasetFile(path, DatasetFormat.Json, columns, rows);
    }

    /// <summary>True when the whole text is one JSON document whose rows this reader can find; used to tell a
    /// one-line <c>{"data": [...]}</c> file from a one-row JSON Lines file.</summary>
    public static bool HoldsRows(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Array
                || (root.ValueKind == JsonValueKind.Object && RowArrays(root).Count == 1);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static JsonDocument Parse(string path, string text)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            throw new TaskInputException(
                $"{FileLocation.Line(path, line)}: not valid JSON ({JsonLinesReader.FirstSentence(e.Message)}). " +
                "Fix the file, or save one object per line as JSON Lines (.jsonl).");
        }
    }

    private static (JsonElement Array, string Prefix) FindRowsField(string path, JsonElement root)
    {
        var candidates = RowArrays(root);
        if (candidates.Count == 1)
            return (candidates[0].Value, $" of field '{candidates[0].Name}'");
        var names = string.Join(", ", root.EnumerateObject().Select(p => $"'{p.Name}'"));
        throw new TaskInputException(
            $"{path}: the JSON object must hold exactly one array of row objects; it has {candidates.Count} among {names}. " +
            "Keep one array (e.g. {\"data\": [{...}, ...]}) or convert the file to JSON Lines.");
    }

    private static List<JsonProperty> RowArrays(JsonElement root) =>
        root.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Array
                && p.Value.GetArrayLength() > 0
                && p.Value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object))
            .ToList();
}
