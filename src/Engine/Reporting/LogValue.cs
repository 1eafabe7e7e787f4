using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HfTrain.Engine.Formats;

namespace HfTrain.Engine.Reporting;

/// <summary>
/// Reads a log_history value the way Python sees it: an int stays an int (<c>step</c>),
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

    // Keys Python's Trainer logs as ints; every other number in log_history is a float there.
    static readonly string[] IntegerKeys = ["step", "num_input_tokens_seen"];

    /// <summary>
    /// True when the value is an int in Python's eyes: a CLR int/long, or — for values parsed from trainer_state.json,
    /// where System.Text.Json writes 1.0 as "1" — an integral number under a key HF logs as an int (step).
    /// </summary>
    public static bool IsInteger(JsonNode? node)
    {
        if (node is not JsonValue v) return false;
        if (v.TryGetValue(out JsonElement e))
            return e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out _) && v.Parent is JsonObject && IntegerKeys.Contains(v.GetPropertyName());
        return v.TryGetValue(out long _) || v.TryGetValue(out int _);
    }

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
