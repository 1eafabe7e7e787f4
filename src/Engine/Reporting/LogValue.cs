using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HfTrain.Engine.Reporting;

/// <summary>
/// Reads a log_history value the way Python sees it: an int stays an int (<c>step</c>, <c>total_flos</c> as written),
/// a float stays a float (so <c>1.0</c> prints as "1.0", not "1"), null (our NaN/Inf) is NaN.
/// Entries come either freshly built (JsonValue over a CLR number) or parsed from trainer_state.json (JsonElement).
/// </summary>
static class LogValue
{
    /// <summary>The number, or false for strings, objects and missing keys. Null reads as NaN.</summary>
    public static bool TryGetNumber(JsonNode? node, out double value)
    {
        value = double.NaN;
        if (node is null) return true;
        if (node is not JsonValue v) return false;
        if (v.TryGetValue(out double d)) { value = d; return true; }
        if (v.TryGetValue(out float f)) { value = f; return true; }
        if (v.TryGetValue(out long l)) { value = l; return true; }
        if (v.TryGetValue(out int i)) { value = i; return true; }
        if (v.TryGetValue(out JsonElement e) && e.ValueKind == JsonValueKind.Number) { value = e.GetDouble(); return true; }
        return false;
    }

    /// <summary>True when the value is an integer in Python's eyes (an int CLR value, or JSON text without '.'/'e').</summary>
    public static bool IsInteger(JsonNode? node) => node is JsonValue v && (
        v.TryGetValue(out long _) || v.TryGetValue(out int _) ||
        (v.TryGetValue(out JsonElement e) && e.ValueKind == JsonValueKind.Number && e.GetRawText().IndexOfAny(['.', 'e', 'E']) < 0));

    /// <summary>Python's <c>str(v)</c> for a log value: ints as ints, floats as <c>repr(float)</c>, strings as-is.</summary>
    public static string PythonStr(JsonNode? node)
    {
        if (node is null) return "nan";
        if (IsInteger(node) && TryGetNumber(node, out var n)) return ((long)n).ToString(CultureInfo.InvariantCulture);
        if (TryGetNumber(node, out var d)) return PythonFloat.Repr(d);
        if (node is JsonValue s && s.TryGetValue(out string? text)) return text;
        return node.ToJsonString();
    }
}
