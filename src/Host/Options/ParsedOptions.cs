using System.CommandLine;
using HfTrain.Abstractions;

namespace HfTrain.Host.Options;

/// <summary>The parsed values of one task command, by Hugging Face name (the plugin's view, and the host's).</summary>
internal sealed class ParsedOptions : IOptionValues
{
    readonly Dictionary<string, object?> _values;
    readonly HashSet<string> _set;

    public ParsedOptions(IEnumerable<OptionBinding> bindings, ParseResult result)
    {
        var list = bindings.ToList();
        _values = list.ToDictionary(b => b.Spec.Name, b => b.Value(result));
        _set = list.Where(b => b.IsSet(result)).Select(b => b.Spec.Name).ToHashSet();
    }

    /// <summary>For tests and programmatic runs: explicit values, all counted as set.</summary>
    public ParsedOptions(IReadOnlyDictionary<string, object?> values)
    {
        _values = new(values);
        _set = values.Keys.ToHashSet();
    }

    /// <summary>A copy with <paramref name="name"/> set to <paramref name="value"/> when the user did not set it.</summary>
    public ParsedOptions WithDefault(string name, object? value)
    {
        if (IsSet(name) || this[name] is not null)
            return this;
        var copy = new ParsedOptions(_values) { };
        copy._values[name] = value;
        copy._set.Clear();
        copy._set.UnionWith(_set);
        return copy;
    }

    public object? this[string name] =>
        _values.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"No option named '{name}'.");

    public bool IsSet(string name) => _set.Contains(name);

    /// <summary>True when the task has an option of this name.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    public IEnumerable<string> SetNames => _set.Order(StringComparer.Ordinal);

    public string? String(string name) => this[name] as string;

    public int? Int(string name) => this[name] as int?;

    public double? Float(string name) => this[name] as double?;

    public bool Bool(string name) => this[name] as bool? ?? false;
}
