namespace HfTrain.Abstractions;

/// <summary>
/// One command-line option of a task, spelled as in the Hugging Face script (snake_case, no dashes).
/// <paramref name="Default"/> is null when the option has no default (it is then "not set").
/// </summary>
public sealed record TaskOption(string Name, OptionKind Kind, object? Default, string Help)
{
    /// <summary>Other accepted names (legacy spellings); the host prints the current name once when used.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}

/// <summary>The value type of an option.</summary>
public enum OptionKind
{
    String,
    Int,
    Float,
    Bool,
}
