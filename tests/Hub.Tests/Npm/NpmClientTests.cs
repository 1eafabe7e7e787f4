using System.Diagnostics;
using System.Runtime.CompilerServices;
using HfTrain.Hub.Server;
using HfTrain.Hub.Tests.Server;

namespace HfTrain.Hub.Tests.Npm;

/// <summary>A test that needs node (and npm): skipped, with the reason, where node is not installed.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (NpmClientTests.Find("node") is null)
            Skip = "node is not installed: the @huggingface/hub (npm) check of `hub serve` needs node and npm on PATH.";
    }
}

/// <summary>
/// The real JavaScript Hub client, <c>@huggingface/hub</c> from npm (pinned in package-lock.json), against
/// <c>hub serve</c>: whoAmI, createRepo, uploadFiles (regular, LFS basic and LFS multipart), listFiles,
/// downloadFile, deleteFile, commit, a dataset repo, a private repo. <c>npm ci</c> runs once when node_modules is missing.
/// </summary>
public class NpmClientTests
{
    static string Folder([CallerFilePath] string source = "") => Path.GetDirectoryName(source)!;

    internal static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    static async Task<(int Code, string Output)> RunAsync(string program, string arguments, string folder, IDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    static readonly SemaphoreSlim Install = new(1, 1);

    static async Task EnsureInstalledAsync(string folder)
    {
        await Install.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(folder, "node_modules", "@huggingface", "hub")))
                return;
            string npm = Find("npm") ?? throw new InvalidOperationException("node is installed but npm is not: install npm to run the @huggingface/hub check.");
            var (code, output) = await RunAsync(npm, "ci --no-audit --no-fund", folder, new Dictionary<string, string>(), TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"npm ci failed ({code}):\n{output}");
        }
        finally
        {
            Install.Release();
        }
    }

    [NodeFact]
    public async Task The_npm_client_lists_downloads_and_uploads_against_hub_serve()
    {
        string folder = Folder();
        await EnsureInstalledAsync(folder);
        await using var hub = new HubHarness(o => new HubServerOptions
        {
            Root = o.Root, Tokens = o.Tokens, Organizations = o.Organizations, Log = o.Log,
            // small thresholds keep the test fast: a 150 kB text file goes LFS, in three 64 KiB parts
            LfsThreshold = 100_000, MultipartThreshold = 120_000, MultipartChunkSize = 64 * 1024,
        });
        var (code, output) = await RunAsync(Find("node")!, "script.mjs", folder, new Dictionary<string, string>
        {
            ["HUB_URL"] = hub.Url.ToString().TrimEnd('/'),
            ["HUB_TOKEN"] = HubHarness.AliceToken,
            ["HUB_USER"] = "alice",
            ["LFS_SIZE"] = "150000",
        }, TimeSpan.FromMinutes(2));
        Assert.True(code == 0, $"@huggingface/hub against hub serve:\n{output}\nserver log:\n{hub.Log}");
        Assert.Contains("all @huggingface/hub checks passed", output);
        string log = hub.Log.ToString();
        Assert.Contains("/part/", log);                                   // the multipart transfer ran
        Assert.Contains("/info/lfs/objects/batch 200", log);
        Assert.DoesNotContain(HubHarness.AliceToken, log);
    }
}
