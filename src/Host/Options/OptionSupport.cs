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
        ["push_to_hub"] = "pushing to the Hugging Face Hub is not implemented yet",
        ["hub_model_id"] = "pushing to the Hugging Face Hub is not implemented yet",
        ["hub_token"] = "pushing to the Hugging Face Hub is not implemented yet",
        ["hub_private_repo"] = "pushing to the Hugging Face Hub is not implemented yet",
        ["hub_strategy"] = "pushing to the Hugging Face Hub is not implemented yet",
        ["token"] = "downloading from the Hub is not implemented yet (models and datasets are read from local folders and the local HF cache)",
        ["model_revision"] = "downloading from the Hub is not implemented yet",
        ["gradient_checkpointing"] = "gradient checkpointing is not implemented yet",
        ["forced_bos_token"] = "forced_bos_token applies to multilingual models (mBART), which hf-train does not support yet",
    };

    /// <summary>Values that are accepted because they ask for the default behaviour (e.g. --report_to none).</summary>
    public static bool IsHarmless(string name, object? value) => (name, value) switch
    {
        ("hub_strategy", "every_save") => true,
        ("push_to_hub", false) => true,
        ("gradient_checkpointing", false) => true,
        _ => false,
    };
}
