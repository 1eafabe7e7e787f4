using System.Security.Cryptography;
using System.Text;
using HfTrain.Hub.Client;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Tests.Client;

/// <summary>Upload and download against a real <c>hub serve</c>: the HF cache layout huggingface_hub writes.</summary>
public sealed class DownloadTests
{
    static readonly RepoId Model = RepoId.Parse("alice/tiny");

    [Fact]
    public async Task Upload_then_snapshot_download_fills_the_cache_layout()
    {
        await using var hub = new HubTestServer(lfsThreshold: 1024);
        byte[] weights = HubTestServer.Bytes(5000);
        string commit = await hub.PublishAsync(Model, new Dictionary<string, byte[]>
        {
            ["config.json"] = Encoding.UTF8.GetBytes("{\"model_type\": \"t5\"}"),
            ["model.safetensors"] = weights,
            ["sub/dir/notes.txt"] = Encoding.UTF8.GetBytes("hello"),
        });
        var settings = hub.Settings();
        using var http = new HubHttp(settings);
        string snapshot = await new SnapshotDownloader(http, new FileDownloader(http)).DownloadAsync(Model);

        var layout = new CacheLayout(settings.Cache, Model);
        Assert.Equal(layout.Snapshot(commit), snapshot);
        Assert.Equal(commit, File.ReadAllText(layout.Ref("main")));
        // an LFS file's blob is named by its sha256, a regular file's by its git blob sha1
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(weights));
        Assert.Equal(weights, File.ReadAllBytes(layout.Blob(sha256)));
        Assert.Equal("../../blobs/" + sha256, new FileInfo(Path.Combine(snapshot, "model.safetensors")).LinkTarget);
        string gitSha = GitHashes.BlobSha1(Encoding.UTF8.GetBytes("hello"));
        Assert.Equal("../../../../blobs/" + gitSha, new FileInfo(Path.Combine(snapshot, "sub", "dir", "notes.txt")).LinkTarget);
        Assert.Equal("hello", File.ReadAllText(Path.Combine(snapshot, "sub", "dir", "notes.txt")));
        Assert.Empty(Directory.GetFiles(Path.Combine(layout.Folder, "blobs"), "*.incomplete"));
        Assert.True(Directory.Exists(Path.Combine(settings.Cache, ".locks", "models--alice--tiny")));
    }

    [Fact]
    public async Task A_second_download_of_a_cached_file_fetches_no_body()
    {
        await using var hub = new HubTestServer();
        await hub.PublishAsync(Model, new Dictionary<string, byte[]> { ["config.json"] = "{}"u8.ToArray() });
        using var http = new HubHttp(hub.Settings());
        var downloader = new FileDownloader(http);
        string first = await downloader.DownloadAsync(Model, "config.json");
        string second = await downloader.DownloadAsync(Model, "config.json");
        Assert.Equal(first, second);
        string log = hub.LogWhen(l => Count(l, "HEAD /alice/tiny/resolve/") >= 2);
        Assert.Equal(2, Count(log, "HEAD /alice/tiny/resolve/"));
        Assert.Equal(1, Count(log, "GET /alice/tiny/resolve/"));   // the second found the snapshot: no body
    }

    [Fact]
    public async Task Missing_repo_revision_and_file_say_what_to_do()
    {
        await using var hub = new HubTestServer();
        await hub.PublishAsync(Model, new Dictionary<string, byte[]> { ["config.json"] = "{}"u8.ToArray() });
        using var http = new HubHttp(hub.Settings());
        var downloader = new FileDownloader(http);

        var repo = await Assert.ThrowsAsync<HubClientException>(() => downloader.DownloadAsync(RepoId.Parse("alice/nothing"), "config.json"));
        Assert.Equal(HubErrorKind.RepoNotFound, repo.Kind);
        Assert.Contains("--repo-type", repo.Message);
        var revision = await Assert.ThrowsAsync<HubClientException>(() => downloader.DownloadAsync(Model, "config.json", "no-such-branch"));
        Assert.Equal(HubErrorKind.RevisionNotFound, revision.Kind);
        var entry = await Assert.ThrowsAsync<HubClientException>(() => downloader.DownloadAsync(Model, "missing.bin"));
        Assert.Equal(HubErrorKind.EntryNotFound, entry.Kind);
        Assert.Contains("missing.bin", entry.Message);
        // the 404 names the commit, so the cache remembers the file is missing there, as huggingface_hub does
        var settings = hub.Settings();
        string noExist = Path.Combine(settings.Cache, Model.CacheFolderName, ".no_exist");
        Assert.True(File.Exists(Path.Combine(Directory.GetDirectories(noExist).Single(), "missing.bin")), noExist);
    }

    [Fact]
    public async Task Offline_mode_reads_the_cache_only()
    {
        await using var hub = new HubTestServer();
        await hub.PublishAsync(Model, new Dictionary<string, byte[]> { ["config.json"] = "{\"a\": 1}"u8.ToArray() });
        using (var online = new HubHttp(hub.Settings()))
            await new FileDownloader(online).DownloadAsync(Model, "config.json");
        int requests = hub.LogWhen(l => l.Contains("GET /alice/tiny/resolve/", StringComparison.Ordinal)).Split('\n').Length;

        using var http = new HubHttp(hub.Settings(offline: true));
        string path = await new FileDownloader(http).DownloadAsync(Model, "config.json");
        Assert.Equal("{\"a\": 1}", File.ReadAllText(path));
        var missing = await Assert.ThrowsAsync<HubClientException>(() => new FileDownloader(http).DownloadAsync(Model, "other.json"));
        Assert.Equal(HubErrorKind.NotInCache, missing.Kind);
        Assert.Contains("HF_HUB_OFFLINE", missing.Message);
        string snapshot = await new SnapshotDownloader(http, new FileDownloader(http)).DownloadAsync(Model);
        Assert.True(File.Exists(Path.Combine(snapshot, "config.json")));
        Assert.Equal(requests, hub.RequestLog.Split('\n').Length);   // nothing was asked of the server
    }

    /// <summary>A hub that refuses connections, or one that accepts them and never answers (a dead route, a hung proxy)
    /// until HF_HUB_ETAG_TIMEOUT: a cached file is used, anything else is a clear error.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_unreachable_or_silent_hub_falls_back_to_the_cache(bool silent)
    {
        await using var hub = new HubTestServer();
        await hub.PublishAsync(Model, new Dictionary<string, byte[]> { ["config.json"] = "{}"u8.ToArray() });
        using (var online = new HubHttp(hub.Settings()))
            await new FileDownloader(online).DownloadAsync(Model, "config.json");

        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        if (silent)
            listener.Start();
        try
        {
            string endpoint = silent ? $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}" : "http://127.0.0.1:1";   // nothing listens on port 1
            using var down = new HubHttp(hub.Settings(endpoint: endpoint) with { EtagTimeout = TimeSpan.FromSeconds(0.5) });
            Assert.True(File.Exists(await new FileDownloader(down).DownloadAsync(Model, "config.json")));
            var missing = await Assert.ThrowsAsync<HubClientException>(() => new FileDownloader(down).DownloadAsync(Model, "other.json"));
            Assert.Equal(HubErrorKind.Connection, missing.Kind);
            Assert.Contains("HF_ENDPOINT", missing.Message);
            var listing = await Assert.ThrowsAsync<HubClientException>(() => new RepoListing(down).RevisionAsync(Model, "main"));
            Assert.Equal(HubErrorKind.Connection, listing.Kind);
            if (silent)
                Assert.Contains("sent nothing for 0.5 s (HF_HUB_ETAG_TIMEOUT)", missing.Message + listing.Message);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task The_tree_listing_follows_Link_pages()
    {
        await using var hub = new HubTestServer(pageSize: 2);
        var files = Enumerable.Range(0, 7).ToDictionary(i => $"d/f{i}.txt", i => Encoding.UTF8.GetBytes($"file {i}"));
        await hub.PublishAsync(Model, files);
        using var http = new HubHttp(hub.Settings());
        var tree = await new RepoListing(http).TreeAsync(Model, "main");
        var listed = tree.Select(f => f.Path).ToList();
        Assert.All(files.Keys, f => Assert.Contains(f, listed));
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(6, tree.Single(f => f.Path == "d/f0.txt").Size);
        Assert.True(Count(hub.LogWhen(l => Count(l, "GET /api/models/alice/tiny/tree/main") >= 4), "GET /api/models/alice/tiny/tree/main") >= 4);
    }

    [Fact]
    public async Task A_path_that_leaves_the_repo_is_refused_before_any_request()
    {
        await using var hub = new HubTestServer();
        using var http = new HubHttp(hub.Settings());
        foreach (string path in new[] { "../escape", "/abs", "a\\b", "a/./b" })
            await Assert.ThrowsAsync<InvalidRepoPathException>(() => new FileDownloader(http).DownloadAsync(Model, path));
        Assert.Throws<InvalidRepoPathException>(() => new AddFile("../x", "/tmp/x"));
        Assert.Equal("", hub.RequestLog);
    }

    internal static int Count(string log, string prefix) =>
        log.Split('\n').Count(l => l.StartsWith(prefix, StringComparison.Ordinal));
}
