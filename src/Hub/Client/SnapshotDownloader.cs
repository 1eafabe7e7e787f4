using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Client;

/// <summary>
/// <c>snapshot_download</c>: the files of one revision (all, or those matching patterns) into the HF cache; returns
/// <c>snapshots/&lt;commit&gt;</c>. The revision is pinned once (<c>refs/&lt;revision&gt;</c>), then every file is fetched
/// at that commit. Offline, the cached snapshot of the revision is returned when it exists.
/// </summary>
public sealed class SnapshotDownloader(HubHttp http, FileDownloader files)
{
    public async Task<string> DownloadAsync(RepoId repo, string revision = Revision.Main, IReadOnlyList<string>? patterns = null,
        CancellationToken cancel = default)
    {
        var layout = new CacheLayout(http.Settings.Cache, repo);
        if (http.Settings.Offline)
            return Cached(layout, revision) ?? throw new HubClientException(HubErrorKind.NotInCache,
                $"{repo} (revision {revision}) is not in the cache {layout.Folder}, and HF_HUB_OFFLINE is set. " +
                $"Download it once with network access (`hf-train download {repo.Id}{(repo.Type == RepoType.Dataset ? " --repo-type dataset" : "")}`), or unset HF_HUB_OFFLINE.");
        RepoRevision info = await new RepoListing(http).RevisionAsync(repo, revision, cancel).ConfigureAwait(false);
        layout.WriteRef(revision, info.Commit);
        foreach (string file in info.Files.Where(f => patterns is null || patterns.Any(p => Glob.Matches(p, f))))
            await files.DownloadAsync(repo, file, info.Commit, cancel).ConfigureAwait(false);
        string snapshot = layout.Snapshot(info.Commit);
        Directory.CreateDirectory(snapshot);
        return snapshot;
    }

    /// <summary>The cached snapshot folder of <paramref name="revision"/>, or null.</summary>
    public static string? Cached(CacheLayout layout, string revision) =>
        layout.CommitOf(revision) is { } commit && Directory.Exists(layout.Snapshot(commit)) ? layout.Snapshot(commit) : null;
}
