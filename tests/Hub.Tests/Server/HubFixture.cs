using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HfTrain.Hub.Protocol;
using HfTrain.Hub.Server;

namespace HfTrain.Hub.Tests.Server;

/// <summary>A <c>hub serve</c> on 127.0.0.1:0 over a temporary root, with users alice (org "team") and bob.</summary>
public sealed class HubHarness : IAsyncDisposable
{
    public const string AliceToken = "hf_alice_0123456789";
    public const string BobToken = "hf_bob_9876543210";

    public HubServer Server { get; }
    public string Root { get; }
    public HttpClient Http { get; }
    public StringWriter Log { get; } = new();

    public HubHarness(Func<HubServerOptions, HubServerOptions>? configure = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "hub-serve-test-" + Guid.NewGuid().ToString("N"));
        var options = new HubServerOptions
        {
            Root = Root,
            Port = 0,
            Tokens = new Dictionary<string, string> { ["alice"] = AliceToken, ["bob"] = BobToken },
            Organizations = new Dictionary<string, IReadOnlyList<string>> { ["team"] = ["alice"] },
            Log = TextWriter.Synchronized(Log),
        };
        Server = HubServer.Start(configure is null ? options : configure(options));
        Http = new HttpClient { BaseAddress = Server.Url, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Url => Server.Url;

    public HttpRequestMessage Request(HttpMethod method, string path, string? token = AliceToken, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token = AliceToken, HttpContent? content = null) =>
        Http.SendAsync(Request(method, path, token, content));

    public static StringContent Json(JsonNode json) => new(json.ToJsonString(), Encoding.UTF8, "application/json");

    public async Task CreateAsync(string repo, string type = "model", bool isPrivate = false, string token = AliceToken)
    {
        string[] parts = repo.Split('/');
        using var response = await SendAsync(HttpMethod.Post, "/api/repos/create", token,
            Json(new JsonObject { ["name"] = parts[1], ["organization"] = parts[0], ["type"] = type, ["private"] = isPrivate }));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Commits regular files inline and LFS files through batch + PUT, as the clients do; returns the commit JSON.</summary>
    public async Task<JsonObject> CommitAsync(string repo, IReadOnlyDictionary<string, byte[]> regular, IReadOnlyDictionary<string, byte[]>? lfs = null,
        IEnumerable<string>? deleted = null, string type = "model", string revision = "main", string token = AliceToken, string? parent = null)
    {
        string prefix = type == "dataset" ? "datasets/" : "";
        foreach (var (_, content) in lfs ?? new Dictionary<string, byte[]>())
            await UploadLfsAsync(repo, content, type, token);
        var lines = new List<JsonObject> { new() { ["key"] = "header", ["value"] = new JsonObject { ["summary"] = "test commit", ["description"] = "", ["parentCommit"] = parent } } };
        foreach (var (path, content) in regular)
            lines.Add(new JsonObject { ["key"] = "file", ["value"] = new JsonObject { ["path"] = path, ["content"] = Convert.ToBase64String(content), ["encoding"] = "base64" } });
        foreach (var (path, content) in lfs ?? new Dictionary<string, byte[]>())
            lines.Add(new JsonObject { ["key"] = "lfsFile", ["value"] = new JsonObject { ["path"] = path, ["algo"] = "sha256", ["oid"] = GitHashes.Sha256(content), ["size"] = content.Length } });
        foreach (string path in deleted ?? [])
            lines.Add(new JsonObject { ["key"] = "deletedFile", ["value"] = new JsonObject { ["path"] = path } });
        var body = new StringContent(string.Join("\n", lines.Select(l => l.ToJsonString())), Encoding.UTF8, "application/x-ndjson");
        using var response = await SendAsync(HttpMethod.Post, $"/api/{type}s/{repo}/commit/{Uri.EscapeDataString(revision)}", token, body);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {text}");
        _ = prefix;
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task UploadLfsAsync(string repo, byte[] content, string type = "model", string token = AliceToken)
    {
        string prefix = type == "dataset" ? "datasets/" : "";
        string oid = GitHashes.Sha256(content);
        using var batch = await SendAsync(HttpMethod.Post, $"/{prefix}{repo}.git/info/lfs/objects/batch", token, Json(new JsonObject
        {
            ["operation"] = "upload", ["transfers"] = new JsonArray("basic", "multipart"), ["hash_algo"] = "sha256",
            ["objects"] = new JsonArray(new JsonObject { ["oid"] = oid, ["size"] = content.Length }),
        }));
        string text = await batch.Content.ReadAsStringAsync();
        Assert.True(batch.IsSuccessStatusCode, text);
        JsonObject obj = JsonNode.Parse(text)!["objects"]![0]!.AsObject();
        if (obj["actions"] is not JsonObject actions)
            return;
        using var put = await Http.PutAsync(actions["upload"]!["href"]!.GetValue<string>(), new ByteArrayContent(content));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        using var verify = await Http.SendAsync(Request(HttpMethod.Post, actions["verify"]!["href"]!.GetValue<string>(), token,
            Json(new JsonObject { ["oid"] = oid, ["size"] = content.Length })));
        Assert.True(verify.IsSuccessStatusCode, await verify.Content.ReadAsStringAsync());
    }

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Random(int size, int seed = 1)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.StopAsync(TimeSpan.FromSeconds(5));
        try
        {
            Directory.Delete(Root, true);
        }
        catch (IOException) { }
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
