using HfTrain.Abstractions;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HfTrain.Engine.Formats;

/// <summary>Typed reads from a config JSON object that name the file and field when a value has the wrong type.</summary>
internal sealed class JsonFieldReader(JsonObject json, string source)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public int Int(string key, int fallback) => IntOrNull(key) ?? fallback;

    public int? IntOrNull(string key) => Get(key, n => n.GetValueKind() == JsonValueKind.Number && Number(n) is var d && d == Math.Floor(d) ? (int?)d : null, "an integer");

    public double Double(string key, double fallback) =>
        Get(key, n => n.GetValueKind() == JsonValueKind.Number ? (double?)Number(n) : null, "a number") ?? fallback;

    public bool Bool(string key, bool fallback) => BoolOrNull(key) ?? fallback;

    public bool? BoolOrNull(string key) => Get(key, n => n.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => (bool?)false,
        _ => null,
    }, "true or false");

    public string String(string key, string fallback) =>
        Get(key, n => n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : null, "a string") ?? fallback;

    /// <summary>eos_token_id may be an integer or a list of integers; the first one is the model's eos.</summary>
    public int FirstInt(string key, int fallback) => Get(key, n => n switch
    {
        JsonArray { Count: > 0 } a when a[0]?.GetValueKind() == JsonValueKind.Number => (int?)Number(a[0]!),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => (int?)Number(v),
        _ => null,
    }, "an integer or a list of integers") ?? fallback;

    /// <summary>Any JSON number (parsed or created from an int/double) as a double.</summary>
    public static double Number(JsonNode node) =>
        double.Parse(node.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every field not read so far, to be written back unchanged.</summary>
    public JsonObject Rest() => new(json.Where(kv => !_read.Contains(kv.Key))
        .Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));

    private T? Get<T>(string key, Func<JsonNode, T?> read, string expected)
    {
        _read.Add(key);
        if (!json.TryGetPropertyValue(key, out var node) || node is null)
            return default;
        return read(node) ?? throw new TaskInputException($"{source}: \"{key}\" must be {expected}, got {node.ToJsonString()}.");
    }
}
