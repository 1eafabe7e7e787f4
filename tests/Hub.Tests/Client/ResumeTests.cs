using System.Security.Cryptography;
using HfTrain.Hub.Client;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Tests.Client;

/// <summary>Downloads that break off: the <c>.incomplete</c> file is resumed with <c>Range</c>.</summary>
public sealed class ResumeTests
{
    static readonly RepoId Model = RepoId.Parse("alice/weights");

    /// <summary>A connection reset mid-body, or one that goes silent (given up after HF_HUB_DOWNLOAD_TIMEOUT): the next
    /// attempt asks for the rest with Range.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_connection_cut_or_gone_silent_mid_body_is_resumed_with_Range(bool silent)
    {
        await using var hub = new HubTestServer(lfsThreshold: 100);
        byte[] weights = HubTestServer.Bytes(200_000, seed: 5);
        await hub.PublishAsync(Model, new Dictionary<string, byte[]> { ["model.safetensors"] = weights });
        await using var proxy = new LoopbackProxy(hub.Server.Url, cutAfter: 50_000, stall: silent);

        var settings = hub.Settings(endpoint: proxy.Endpoint) with { DownloadTimeout = TimeSpan.FromSeconds(1) };
        using var http = new HubHttp(settings);
        string path = await new FileDownloader(http).DownloadAsync(Model, "model.safetensors");

        Assert.Equal(1, proxy.Cuts);
        Assert.Equal(weights, File.ReadAllBytes(path));
        Assert.Contains(" 206", hub.LogWhen(l => l.Contains(" 206", StringComparison.Ordinal)));   // the second GET asked for the rest only
        Assert.Empty(Directory.GetFiles(Path.Combine(new CacheLayout(settings.Cache, Model).Folder, "blobs"), "*.incomplete"));
    }

    [Fact]
    public async Task A_download_silent_on_every_attempt_fails_naming_the_timeout_and_keeps_the_part()
    {
        await using var hub = new HubTestServer(lfsThreshold: 100);
        byte[] weights = HubTestServer.Bytes(200_000, seed: 8);
        await hub.PublishAsync(Model, new Dictionary<string, byte[]> { ["model.safetensors"] = weights });
        await using var proxy = new LoopbackProxy(hub.Server.Url, cutAfter: 30_000, cuts: 100, stall: true);

        var settings = hub.Settings(endpoint: proxy.Endpoint) with { DownloadTimeout = TimeSpan.FromSeconds(1) };
        using var http = new HubHttp(settings);
        var error = await Assert.ThrowsAsync<HubClientException>(() => new FileDownloader(http).DownloadAsync(Model, "model.safetensors"));
        Assert.Equal(HubErrorKind.Connection, error.Kind);
        Assert.Contains("sent nothing for 1 s after", error.Message);
        Assert.Contains("HF_HUB_DOWNLOAD_TIMEOUT", error.Message);
        // the first attempt and 5 resumes, each 30,000 bytes further (fewer reach the proxy's stall when a loaded
        // machine leaves a gap of a second before it)
        Assert.InRange(proxy.Cuts, 1, 6);
        string blobs = Path.Combine(new CacheLayout(settings.Cache, Model).Folder, "blobs");
        string part = Assert.Single(Directory.GetFiles(blobs, "*.incomplete"));
        Assert.True(new FileInfo(part).Length > 30_000);
        Assert.Equal(weights.AsSpan(0, (int)new FileInfo(part).Length).ToArray(), File.ReadAllBytes(part));
        Assert.DoesNotContain(Directory.GetFiles(blobs), f => !f.EndsWith(".incomplete", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_incomplete_file_from_an_earlier_run_is_continued()
    {
        await using var hub = new HubTestServer(lfsThreshold: 100);
        byte[] weights = HubTestServer.Bytes(30_000, seed: 9);
        await hub.PublishAsync(Model, new Dictionary<string, byte[]> { ["model.safetensors"] = weights });
        var settings = hub.Settings();
        var layout = new CacheLayout(settings.Cache, Model);
        string blob = layout.Blob(Convert.ToHexStringLower(SHA256.HashData(weights)));
        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        File.WriteAllBytes(blob + ".incomplete", weights[..12_345]);

        using var http = new HubHttp(settings);
        string path = await new FileDownloader(http).DownloadAsync(Model, "model.safetensors");
        Assert.Equal(weights, File.ReadAllBytes(path));
        Assert.Contains("GET /alice/weights/resolve/main/model.safetensors 206", hub.LogWhen(l => l.Contains(" 206", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Concurrent_downloads_of_one_file_share_one_blob()
    {
        await using var hub = new HubTestServer(lfsThreshold: 100);
        byte[] weights = HubTestServer.Bytes(300_000, seed: 11);
        await hub.PublishAsync(Model, new Dictionary<string, byte[]> { ["model.safetensors"] = weights });
        var settings = hub.Settings();
        var clients = Enumerable.Range(0, 4).Select(_ => new HubHttp(settings)).ToList();
        try
        {
            string[] paths = await Task.WhenAll(clients.Select(c => new FileDownloader(c).DownloadAsync(Model, "model.safetensors")));
            Assert.Single(paths.Distinct());
            Assert.Equal(weights, File.ReadAllBytes(paths[0]));
            var blobs = Directory.GetFiles(Path.Combine(new CacheLayout(settings.Cache, Model).Folder, "blobs"));
            Assert.Single(blobs);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task A_large_download_shows_progress_unless_bars_are_disabled()
    {
        await using var hub = new HubTestServer(lfsThreshold: 100);
        byte[] weights = HubTestServer.Bytes((int)ProgressBar.MinimumBytes + 1000, seed: 13);
        await hub.PublishAsync(Model, new Dictionary<string, byte[]> { ["model.safetensors"] = weights });

        var shown = new StringWriter();
        using (var http = new HubHttp(hub.Settings(progressBars: true)))
            await new FileDownloader(http, shown).DownloadAsync(Model, "model.safetensors");
        Assert.Contains("model.safetensors: 100%", shown.ToString());

        var hidden = new StringWriter();
        using (var http = new HubHttp(hub.Settings(home: "quiet")))
            await new FileDownloader(http, hidden).DownloadAsync(Model, "model.safetensors");
        Assert.Equal("", hidden.ToString());
    }
}
