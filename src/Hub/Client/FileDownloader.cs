using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Client;

/// <summary>
/// <c>hf_hub_download</c>: one file of one revision into the HF cache, returning its snapshot path. HEAD first (the
/// commit, etag and size); the blob is written to <c>blobs/&lt;etag&gt;.incomplete</c> under the blob's lock,
/// resumed with <c>Range</c> after a cut connection or an earlier interrupted run, renamed into place, and linked
/// from <c>snapshots/&lt;commit&gt;/&lt;path&gt;</c>. Offline (HF_HUB_OFFLINE) it reads the cache only.
/// </summary>
public sealed class FileDownloader(HubHttp http, TextWriter? progress = null, bool interactiveProgress = false)
{
    const int Retries = 5;
    static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(10);

    HubSettings Settings => http.Settings;

    public async Task<string> DownloadAsync(RepoId repo, string path, string revision = "main", CancellationToken cancel = default)
    {
        RepoPath.Validate(path);
        Revision.Validate(revision);
        var layout = new CacheLayout(Settings.Cache, repo);
        string what = $"{repo}, file {path} at {revision}";
        if (Settings.Offline)
            return FromCache(layout, path, revision) ?? throw NotCached(layout, path, revision, "HF_HUB_OFFLINE is set");
        if (CacheLayout.IsCommit(revision) && File.Exists(layout.Pointer(revision, path)))
            return layout.Pointer(revision, path);

        FileMetadata metadata;
        try
        {
            metadata = await HeadAsync(layout, path, revision, what, cancel).ConfigureAwait(false);
        }
        catch (HubClientException e) when (e.Kind == HubErrorKind.Connection)
        {
            // as huggingface_hub: the Hub is unreachable, but the cache may have it
            return FromCache(layout, path, revision) ?? throw NotCached(layout, path, revision, e.Message);
        }
        layout.WriteRef(revision, metadata.Commit);
        string pointer = layout.Pointer(metadata.Commit, path);
        if (File.Exists(pointer))
            return pointer;
        string blob = layout.Blob(metadata.Etag);
        if (!File.Exists(blob))
        {
            using var held = await CacheFileLock.AcquireAsync(layout.Lock(metadata.Etag), LockTimeout, cancel).ConfigureAwait(false);
            if (!File.Exists(blob))
                await FetchBlobAsync(blob, metadata, path, what, cancel).ConfigureAwait(false);
        }
        layout.Link(metadata.Commit, path, metadata.Etag);
        return pointer;
    }

    /// <summary><c>try_to_load_from_cache</c>: the snapshot path of <paramref name="path"/>, or null.</summary>
    public static string? FromCache(CacheLayout layout, string path, string revision)
    {
        string? commit = layout.CommitOf(revision);
        if (commit is null)
            return null;
        string pointer = layout.Pointer(commit, path);
        return File.Exists(pointer) ? pointer : null;
    }

    async Task<FileMetadata> HeadAsync(CacheLayout layout, string path, string revision, string what, CancellationToken cancel)
    {
        Uri url = HubUrls.Resolve(Settings.Endpoint, layout.Repo, revision, path);
        using var response = await http.SendAsync(url, u =>
        {
            var request = new HttpRequestMessage(HttpMethod.Head, u);
            request.Headers.AcceptEncoding.ParseAdd("identity");
            return request;
        }, followAbsolute: false, what, cancel, HttpCompletionOption.ResponseHeadersRead, http.Metadata).ConfigureAwait(false);
        int status = (int)response.StatusCode;
        if (status is < 200 or >= 400)
        {
            var error = HubErrors.From(response, what);
            if (error.Kind == HubErrorKind.EntryNotFound && response.Headers.TryGetValues(HubHeaders.RepoCommit, out var commits)
                && commits.FirstOrDefault() is { } commit && CacheLayout.IsCommit(commit))
                MarkMissing(layout, commit, path);
            throw error;
        }
        return FileMetadata.Read(response, url) ?? throw new HubClientException(HubErrorKind.InvalidAnswer,
            $"{what}: the server's answer lacks {HubHeaders.RepoCommit} or an ETag, so the file cannot be cached. " +
            "Check that HF_ENDPOINT points at a Hugging Face Hub (or `hf-train hub serve`), not a plain web server or a proxy page.");
    }

    static void MarkMissing(CacheLayout layout, string commit, string path)
    {
        string marker = layout.NoExist(commit, path);
        Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
        if (!File.Exists(marker))
            File.WriteAllBytes(marker, []);
    }

    async Task FetchBlobAsync(string blob, FileMetadata metadata, string path, string what, CancellationToken cancel)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        string incomplete = blob + ".incomplete";
        var bar = ProgressBar.Start(Settings.ProgressBars ? progress : null, path, metadata.Size, interactiveProgress);
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await ResumeAsync(incomplete, metadata, what, bar, cancel).ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (attempt < Retries && e is IOException or HttpRequestException
                                      || attempt < Retries && e is HubClientException { Kind: HubErrorKind.Connection or HubErrorKind.Server })
            {
                // the connection broke mid-body: the next attempt asks for the rest with Range
                await Task.Delay(TimeSpan.FromMilliseconds(200 * (attempt + 1)), cancel).ConfigureAwait(false);
            }
        }
        long written = new FileInfo(incomplete).Length;
        if (metadata.Size is { } size && written != size)
        {
            File.Delete(incomplete);
            throw new HubClientException(HubErrorKind.InvalidAnswer,
                $"{what}: received {written} bytes but the server announced {size}. The partial file was removed; run the download again.");
        }
        File.Move(incomplete, blob, overwrite: true);
    }

    async Task ResumeAsync(string incomplete, FileMetadata metadata, string what, ProgressBar? bar, CancellationToken cancel)
    {
        long have = File.Exists(incomplete) ? new FileInfo(incomplete).Length : 0;
        if (metadata.Size is { } size && have == size && size > 0)
            return;
        if (metadata.Size is { } expected && have > expected)
        {
            File.Delete(incomplete);   // longer than the file: not a prefix of it
            have = 0;
        }
        using var response = await http.SendCheckedAsync(metadata.Location, u =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, u);
            request.Headers.AcceptEncoding.ParseAdd("identity");
            if (have > 0)
                request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(have, null);
            return request;
        }, what, cancel, HttpCompletionOption.ResponseHeadersRead, http.Download).ConfigureAwait(false);
        bool partial = response.StatusCode == System.Net.HttpStatusCode.PartialContent;
        if (!partial)
            have = 0;   // the server ignored Range: start over
        await using var body = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
        await using var file = new FileStream(incomplete, partial ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var buffer = new byte[1 << 16];
        long done = have;
        using var stalled = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        while (true)
        {
            stalled.CancelAfter(http.Download.After);   // restarts the wait for the next piece
            int read;
            try
            {
                read = await body.ReadAsync(buffer, stalled.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                throw HubErrors.TimedOut(Settings.Endpoint, what, http.Download,
                    $" after {done:N0} bytes; the part received is kept in the cache and the next download continues it");
            }
            if (read == 0)
                break;
            await file.WriteAsync(buffer.AsMemory(0, read), cancel).ConfigureAwait(false);
            done += read;
            bar?.Report(done);
        }
    }

    static HubClientException NotCached(CacheLayout layout, string path, string revision, string why)
    {
        bool offline = why.StartsWith("HF_HUB_OFFLINE", StringComparison.Ordinal);
        string download = $"`hf-train download {layout.Repo.Id}{(layout.Repo.Type == RepoType.Dataset ? " --repo-type dataset" : "")}`";
        return new(offline ? HubErrorKind.NotInCache : HubErrorKind.Connection,
            $"{layout.Repo}: {path} (revision {revision}) is not in the cache {layout.Folder}" +
            (offline ? $", and HF_HUB_OFFLINE is set. Download it once with network access ({download}), or unset HF_HUB_OFFLINE."
                     : $". {why}"));
    }
}
