using HfTrain.Abstractions;

namespace HfTrain.Host.Jobs;

/// <summary>
/// The options an example builder sees: its task's option set (the plugin's Options, standard ones included), not
/// the training options. The tokenized-data cache is keyed on exactly these (<see cref="ExampleCacheKey"/>), so a
/// builder cannot read a value the key misses and train on stale tokens.
/// </summary>
internal sealed class TaskOptionView(IOptionValues all, IEnumerable<string> names, string task) : IOptionValues
{
    readonly HashSet<string> _names = names.ToHashSet(StringComparer.Ordinal);

    public object? this[string name] => all[Check(name)];

    public bool IsSet(string name) => all.IsSet(Check(name));

    string Check(string name) => _names.Contains(name) ? name : throw new KeyNotFoundException(
        $"task plugin '{task}' read option '{name}' while building examples, but an example builder sees only its task's options " +
        $"(they key the tokenized-data cache): list '{name}' in the plugin's Options.");
}
