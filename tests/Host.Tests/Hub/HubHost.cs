using System.Text.Json.Nodes;
using HfTrain.Host.Cli;
using HfTrain.Host.Commands;
using HfTrain.Host.Hub;
using HfTrain.Host.Plugins;
using HfTrain.Hub.Client;
using HfTrain.Hub.Protocol;
using HfTrain.Hub.Server;

namespace HfTrain.Host.Tests.Hub;

/// <summary>
/// A real <c>hub serve</c> on 127.0.0.1 and the hf-train command line in-process, its Hub settings (HF_HOME,
/// HF_ENDPOINT, HF_TOKEN) scoped to this test's flow, so tests run side by side without touching the process
/// environment.
/// </summary>
internal sealed class HubHost : IAsyncDisposable
{
    public const string AliceToken = "hf_alice_host_0123456789SECRET";

    readonly TempDir _dir = new();

    public HubServer Server { get; }

    public HubHost()
    {
        Server = HubServer.Start(new HubServerOptions
        {
            Root = System.IO.Path.Combine(_dir.Path, "server"),
            Tokens = new Dictionary<string, string> { ["alice"] = AliceToken },
            Organizations = new Dictionary<string, IReadOnlyList<string>> { ["org"] = ["alice"] },
            LfsThreshold = 64 * 1024,
        });
    }

    public string Path => _dir.Path;

    public string Home => System.IO.Path.Combine(_dir.Path, "home");

    public HubSettings Settings(string? token = AliceToken, bool offline = false)
    {
        var variables = new Dictionary<string, string>
        {
            ["HF_HOME"] = Home,
            ["HF_ENDPOINT"] = Server.Url.ToString().TrimEnd('/'),
            ["HF_TOKEN"] = token ?? "",
            ["HF_HUB_OFFLINE"] = offline ? "1" : "",
            ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1",
        };
        return HubSettings.FromEnvironment(k => variables.GetValueOrDefault(k));
    }

    /// <summary>Runs hf-train (the hub commands and the task plugins) with <paramref name="settings"/>.</summary>
    public static (int Code, string Output, string Error) Run(HubSettings settings, params string[] args) => Run(settings, null, args);

    /// <summary>Runs hf-train with <paramref name="input"/> as what the user types.</summary>
    public static (int Code, string Output, string Error) Run(HubSettings settings, TextReader? input, params string[] args)
    {
        using var scope = HubScope.Use(settings);
        var roots = PluginLocations.Roots(AppContext.BaseDirectory, null, null);
        var catalog = PluginCatalog.Load(roots);
        var hub = new HubEnvironment(() => settings, null, false) { Input = input };
        var app = new CommandLineApp(catalog, new TaskCommandFactory(new TaskRunner()),
            [new LoginCommand(hub), new LogoutCommand(hub), new WhoamiCommand(hub), new DownloadCommand(hub), new UploadCommand(hub)]);
        var output = new StringWriter();
        var error = new StringWriter();
        int code = app.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    public (int Code, string Output, string Error) Run(params string[] args) => Run(Settings(), args);

    /// <summary>Uploads a folder as <paramref name="repo"/> (created when missing).</summary>
    public void Publish(RepoId repo, string folder, string revision = Revision.Main)
    {
        using var http = new HubHttp(Settings());
        new HubAccount(http).CreateRepoAsync(repo, false).GetAwaiter().GetResult();
        new CommitUploader(http).CommitAsync(repo, AddFile.Folder(folder), "publish", revision).GetAwaiter().GetResult();
    }

    /// <summary>Writes files (repo path → text) into a new folder and returns it.</summary>
    public string Folder(IReadOnlyDictionary<string, string> files)
    {
        string folder = System.IO.Path.Combine(_dir.Path, "src-" + Guid.NewGuid().ToString("N"));
        foreach (var (path, text) in files)
        {
            string file = System.IO.Path.Combine(folder, path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
        }
        return folder;
    }

    /// <summary>The commit titles of <paramref name="repo"/>'s main branch, newest first.</summary>
    public IReadOnlyList<string> CommitTitles(RepoId repo)
    {
        using var http = new HubHttp(Settings());
        string body = http.GetStringAsync(new Uri($"{http.Settings.Endpoint}/{repo.ApiPath}/commits/main"), "commits").GetAwaiter().GetResult();
        return (JsonNode.Parse(body) as JsonArray ?? []).Select(c => c?["title"]?.ToString() ?? "").ToList();
    }

    public IReadOnlyList<string> Files(RepoId repo)
    {
        using var http = new HubHttp(Settings());
        return new RepoListing(http).RevisionAsync(repo, Revision.Main).GetAwaiter().GetResult().Files;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _dir.Dispose();
    }
}
