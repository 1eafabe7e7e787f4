namespace HfTrain.Host.Plugins;

/// <summary>
/// A plugin folder that did not load, and every reason why (shown by <c>plugins list</c>, summed up as a warning).
/// <paramref name="Plugin"/> names the plugin ("task 'x' 1.0 (X.dll)") when it got as far as being created.
/// </summary>
internal sealed record PluginFailure(string Folder, PluginSource Source, IReadOnlyList<string> Reasons, string? Plugin = null)
{
    public PluginFailure(string folder, PluginSource source, string reason)
        : this(folder, source, [reason])
    {
    }

    /// <summary>All reasons on one line.</summary>
    public string Reason => string.Join(" ", Reasons);

    /// <summary>One line for stderr: the plugin, its first reason, and how many more <c>plugins list</c> shows.</summary>
    public string Warning =>
        $"{(Plugin is null ? "plugin" : $"task plugin {Plugin}")} in {Folder} not loaded: {Reasons[0]}" +
        (Reasons.Count > 1 ? $" (and {Reasons.Count - 1} more problem{(Reasons.Count > 2 ? "s" : "")}: run `hf-train plugins list`)" : "");
}
