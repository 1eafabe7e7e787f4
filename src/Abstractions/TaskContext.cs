namespace HfTrain.Abstractions;

/// <summary>What the host gives a plugin: option values, the tokenizer, and a place for warnings.</summary>
public sealed record TaskContext(IOptionValues Options, ITextTokenizer Tokenizer, Action<string> Warn);

/// <summary>Read-only view of the parsed options, the task's and the common ones, by HF name.</summary>
public interface IOptionValues
{
    /// <summary>The value, or null when the option was neither given nor has a default.</summary>
    object? this[string name] { get; }

    /// <summary>True when the user gave the option on the command line or in the JSON file.</summary>
    bool IsSet(string name);
}
