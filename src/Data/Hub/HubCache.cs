namespace HfTrain.Data.Hub;

/// <summary>
/// Where huggingface_hub keeps downloaded repositories: <c>$HF_HUB_CACHE</c>, else <c>$HF_HOME/hub</c>, else
/// <c>~/.cache/huggingface/hub</c> (XDG_CACHE_HOME respected, as huggingface_hub does). A dataset repository
/// <c>owner/name</c> lives in <c>datasets--owner--name/snapshots/&lt;revision&gt;/</c>.
/// </summary>
public sealed class HubCache(Func<string, string?> getEnvironment)
{
    public HubCache()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    public string Root
    {
        get
        {
            if (getEnvironment("HF_HUB_CACHE") is { Length: > 0 } hubCache)
                return hubCache;
            if (getEnvironment("HF_HOME") is { Length: > 0 } home)
                return Path.Combine(home, "hub");
            var xdg = getEnvironment("XDG_CACHE_HOME") is { Length: > 0 } x
                ? x
                : Path.Combine(getEnvironment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(xdg, "huggingface", "hub");
        }
    }

    /// <summary>The cache folder of dataset repository <paramref name="repoId"/> ("owner/name" or "name").</summary>
    public string RepoFolder(string repoId) => Path.Combine(Root, "datasets--" + repoId.Replace("/", "--", StringComparison.Ordinal));

    /// <summary>The snapshot folder of model repository <paramref name="repoId"/> (<c>models--owner--name</c>), or null.</summary>
    public string? ModelSnapshot(string repoId, string revision = "main") =>
        SnapshotIn(Path.Combine(Root, "models--" + repoId.Replace("/", "--", StringComparison.Ordinal)), revision);

    /// <summary>The snapshot to read: the revision named by <c>refs/&lt;revision&gt;</c> (default main), else a
    /// snapshot folder named like the revision, else the most recently written snapshot; null when none.</summary>
    public string? Snapshot(string repoId, string revision = "main") => SnapshotIn(RepoFolder(repoId), revision);

    private static string? SnapshotIn(string repo, string revision)
    {
        var snapshots = Path.Combine(repo, "snapshots");
        if (!Directory.Exists(snapshots))
            return null;
        var refFile = Path.Combine(repo, "refs", revision);
        if (File.Exists(refFile))
        {
            var commit = File.ReadAllText(refFile).Trim();
            var pinned = Path.Combine(snapshots, commit);
            if (Directory.Exists(pinned))
                return pinned;
        }
        var named = Path.Combine(snapshots, revision);
        if (Directory.Exists(named))
            return named;
        return new DirectoryInfo(snapshots).GetDirectories()
            .OrderByDescending(d => d.LastWriteTimeUtc)
            .ThenBy(d => d.Name, StringComparer.Ordinal)
            .FirstOrDefault()?.FullName;
    }
}
