namespace HfTrain.Host.Plugins;

/// <summary>Where a plugin folder was found; shown by <c>hf-train plugins list</c>.</summary>
internal enum PluginSource
{
    BuiltIn,
    User,
    PluginPath,
}

/// <summary>A folder that holds plugin folders (or is one).</summary>
internal sealed record PluginRoot(string Directory, PluginSource Source);

/// <summary>
/// The places plugins are looked for, in order: the tool's own <c>plugins/</c> folder (built-in tasks),
/// <c>~/.hf-train/plugins/</c>, then each folder in <c>HF_TRAIN_PLUGIN_PATH</c> (':'-separated, like PATH).
/// A pure function of its inputs, so tests can point it anywhere.
/// </summary>
internal static class PluginLocations
{
    public const string PathVariable = "HF_TRAIN_PLUGIN_PATH";

    public static IReadOnlyList<PluginRoot> Roots(string toolDirectory, string? homeDirectory, string? pluginPath)
    {
        var roots = new List<PluginRoot> { new(Path.Combine(toolDirectory, "plugins"), PluginSource.BuiltIn) };
        if (!string.IsNullOrEmpty(homeDirectory))
            roots.Add(new(Path.Combine(homeDirectory, ".hf-train", "plugins"), PluginSource.User));
        foreach (string entry in (pluginPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            roots.Add(new(Path.GetFullPath(entry), PluginSource.PluginPath));
        return roots;
    }

    /// <summary>
    /// Plugin folders under a root: a folder <c>X/</c> holding <c>X.dll</c> is a plugin folder; a root that is
    /// itself such a folder counts too (so HF_TRAIN_PLUGIN_PATH may name a plugin's build output directly).
    /// A folder under a root without its <c>X.dll</c> comes back with a null main assembly, to be reported rather
    /// than skipped (a renamed folder otherwise hides a plugin without a word); hidden folders (<c>.git</c>) are skipped.
    /// </summary>
    public static IEnumerable<(string Folder, string? MainAssembly)> PluginFolders(PluginRoot root)
    {
        if (!Directory.Exists(root.Directory))
            yield break;
        if (MainAssembly(root.Directory) is { } self)
        {
            yield return (root.Directory, self);
            yield break;
        }
        foreach (string folder in Directory.EnumerateDirectories(root.Directory).Order(StringComparer.Ordinal))
        {
            if (!Path.GetFileName(folder).StartsWith('.'))
                yield return (folder, MainAssembly(folder));
        }
    }

    /// <summary>Why <paramref name="folder"/> (which has no <c>X.dll</c> named after it) is not a plugin, and the fix.</summary>
    public static string MissingAssemblyReason(string folder)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        var dlls = Directory.EnumerateFiles(folder, "*.dll").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList();
        string fix = dlls.Count == 0
            ? "it holds no .dll: copy the plugin's build output (dotnet publish) into it, or remove the folder"
            : $"it holds {string.Join(", ", dlls.Select(d => d + ".dll"))}: name the folder after the plugin's dll (e.g. {dlls[0]}/{dlls[0]}.dll), or remove the folder";
        return $"no {name}.dll in this folder (a plugin folder must hold the plugin's dll under the folder's own name); {fix}.";
    }

    static string? MainAssembly(string folder)
    {
        string candidate = Path.Combine(folder, Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)) + ".dll");
        return File.Exists(candidate) ? candidate : null;
    }
}
