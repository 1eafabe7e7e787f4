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
    /// <summary>Text; the default, when given, is a <see cref="string"/>.</summary>
    String,

    /// <summary>A whole number; the default, when given, is an <see cref="int"/> (10, not 10L or "10").</summary>
    Int,

    /// <summary>A real number; the default, when given, is a <see cref="double"/> (0.5 or 1.0, not 1 or 0.5f).</summary>
    Float,

    /// <summary>A flag (<c>--x</c>, <c>--x true</c>, <c>--x false</c>); the default, when given, is a <see cref="bool"/>.</summary>
    Bool,
}
