namespace HfTrain.Host.Options;

/// <summary>
/// Which options this version of hf-train acts on. Every option of the HF scripts parses; one that is set but not
/// acted on yet is refused at run time with this message, never silently ignored.
/// </summary>
internal static class OptionSupport
{
    /// <summary>Option name → what is missing (shown to the user).</summary>
    public static IReadOnlyDictionary<string, string> NotYetImplemented { get; } = new Dictionary<string, string>
    {
        ["gradient_checkpointing"] = "gradient checkpointing is not implemented yet",
        ["forced_bos_token"] = "forced_bos_token applies to multilingual models (mBART), which hf-train does not support yet",
    };

    /// <summary>Values that are accepted because they ask for the default behaviour (e.g. --report_to none).</summary>
    public static bool IsHarmless(string name, object? value) => (name, value) switch
    {
        ("gradient_checkpointing", false) => true,
        _ => false,
    };
}
