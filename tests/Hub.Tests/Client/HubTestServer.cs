using HfTrain.Hub.Client;
using HfTrain.Hub.Protocol;
using HfTrain.Hub.Server;

namespace HfTrain.Hub.Tests.Client;

/// <summary>
/// A real <c>hub serve</c> on 127.0.0.1 (a free port) with two users, and a client cache of its own: every test
/// gets a fresh server folder and HF_HOME.
/// </summary>
internal sealed class HubTestServer : IAsyncDisposable
{
    public const string AliceToken = "hf_alice_0123456789abcdefSECRET";
    public const string BobToken = "hf_bob_0123456789abcdefSECRET";

    readonly TempFolder _folder = new();
    readonly StringWriter _log = new();

    public HubServer Server { get; }

    /// <summary>One line per request: "METHOD path status".</summary>
    public TextWriter Log { get; }

    public HubTestServer(long lfsThreshold = 1024, long multipartThreshold = 0, long multipartChunk = 64L * 1024 * 1024, int pageSize = 1000)
    {
        Log = TextWriter.Synchronized(_log);
        Server = HubServer.Start(new HubServerOptions
        {
            Root = Path.Combine(_folder.Path, "server"),
            Port = 0,
            Tokens = new Dictionary<string, string> { ["alice"] = AliceToken, ["bob"] = BobToken },
            Organizations = new Dictionary<string, IReadOnlyList<string>> { ["org"] = ["alice"] },
            LfsThreshold = lfsThreshold,
            MultipartThreshold = multipartThreshold,
            MultipartChunkSize = multipartChunk,
            PageSize = pageSize,
            Log = Log,
        });
    }

    public string Endpoint => Server.Url.ToString().TrimEnd('/');

    public string Folder => _folder.Path;

    public string RequestLog
    {
        get
        {
            lock (Log)
                return _log.ToString();
        }
    }

    /// <summary>The request log once <paramref name="ready"/> holds: the server writes a line after it answered, so a
    /// test that just got its answer waits for the line (up to 30 s, then returns what is there).</summary>
    public string LogWhen(Func<string, bool> ready)
    {
        for (int i = 0; i < 300 && !ready(RequestLog); i++)
            Thread.Sleep(100);
        return RequestLog;
    }

    /// <summary>Client settings against this server: HF_HOME under the test folder, the token given (or none).</summary>
    public HubSettings Settings(string? token = AliceToken, bool offline = false, string home = "home", string? endpoint = null, bool progressBars = false)
    {
        var variables = new Dictionary<string, string>
        {
            ["HF_HOME"] = Path.Combine(_folder.Path, home),
            ["HF_ENDPOINT"] = endpoint ?? Endpoint,
            ["HF_TOKEN"] = token ?? "",
            ["HF_HUB_OFFLINE"] = offline ? "1" : "0",
            ["HF_HUB_DISABLE_PROGRESS_BARS"] = progressBars ? "" : "1",
        };
        return HubSettings.FromEnvironment(k => variables.GetValueOrDefault(k));
    }

    /// <summary>Creates <paramref name="repo"/> and commits <paramref name="files"/> (repo path → content).</summary>
    public async Task<string> PublishAsync(RepoId repo, IReadOnlyDictionary<string, byte[]> files, string? token = AliceToken)
    {
        string local = Path.Combine(_folder.Path, "upload-" + Guid.NewGuid().ToString("N"));
        foreach (var (path, content) in files)
        {
            string file = Path.Combine(local, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllBytesAsync(file, content);
        }
        using var http = new HubHttp(Settings(token));
        await new HubAccount(http).CreateRepoAsync(repo, isPrivate: false);
        return await new CommitUploader(http).CommitAsync(repo, AddFile.Folder(local), "test upload");
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>Bytes that are the same on every run (a seeded generator), so a failure reproduces.</summary>
    public static byte[] Bytes(int count, int seed = 1)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
