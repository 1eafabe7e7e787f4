using System.Text.Json;
using HfTrain.Abstractions;

namespace HfTrain.Data.Files;

/// <summary>JSON → <see cref="DataRow"/> values: string, long (integers that fit), double, bool, null, a nested
/// <see cref="DataRow"/> for objects (the <c>translation</c> column) and a list for arrays.</summary>
internal static class JsonValues
{
    public static DataRow ToRow(JsonElement obj, string location)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
            values[property.Name] = ToValue(property.Value, location);
        return new DataRow(values, location);
    }

    public static object? ToValue(JsonElement value, string location) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var l) ? (object)l : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Object => ToRow(value, location),
        JsonValueKind.Array => value.EnumerateArray().Select(v => ToValue(v, location)).ToList(),
        _ => null,
    };

    /// <summary>Adds the row's keys not seen before, keeping first-seen order.</summary>
    public static void AddColumns(DataRow row, List<string> columns, HashSet<string> seen)
    {
        foreach (var key in row.Values.Keys)
            if (seen.Add(key))
                columns.Add(key);
    }
}
