using System.CommandLine;
using System.Runtime.InteropServices;
using HfTrain.Host.Options;
using HfTrain.Hub.Server;

namespace HfTrain.Host.Commands;

/// <summary>
/// <c>hf-train hub serve --root DIR [--host H] [--port N] [--token NAME=TOKEN ...]</c>: a private Hugging Face Hub over
/// a folder. Prints the URL it listens on (first line of stdout), then one line per request; stops on Ctrl+C or SIGTERM.
/// Tokens are never printed.
/// </summary>
internal sealed class HubServeCommand : IHostCommand
{
    public Command Create()
    {
        var root = new Option<string>("--root") { Description = "Folder that holds the repos (created when missing).", Required = true, HelpName = "dir" };
        var host = new Option<string>("--host") { Description = "Address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or an IP.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port; 0 picks a free one (printed).", DefaultValueFactory = _ => 0 };
        var tokens = new Option<string[]>("--token")
        {
            Description = "A user and its token, NAME=TOKEN (repeatable). The user may write under its own namespace. Reads need no token unless a repo is private.",
            HelpName = "name=token", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false,
        };
        var tokenFile = new Option<string?>("--token-file") { Description = "A file of NAME=TOKEN lines (keeps tokens out of the process list).", HelpName = "file" };
        var orgs = new Option<string[]>("--org")
        {
            Description = "An organization and its members, ORG=USER[,USER...] (repeatable): members may write under ORG.",
            HelpName = "org=users", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false,
        };
        var lfsThreshold = new Option<long>("--lfs-threshold") { Description = "Files at least this many bytes go through LFS (binary files always do).", DefaultValueFactory = _ => 10L * 1024 * 1024, HelpName = "bytes" };
        var multipart = new Option<long>("--multipart-threshold") { Description = "LFS files at least this many bytes are uploaded in parts (0: never).", DefaultValueFactory = _ => 0, HelpName = "bytes" };
        var quiet = new Option<bool>("--quiet") { Description = "Do not print a line per request." };
        var serve = new Command("serve",
            "Serve the repos under --root as a Hugging Face Hub: point HF_ENDPOINT at the printed URL " +
            "(Python huggingface_hub >= 1.20 also needs HF_HUB_DISABLE_XET=1 to upload). Stops on Ctrl+C.")
        {
            root, host, port, tokens, tokenFile, orgs, lfsThreshold, multipart, quiet,
        };
        serve.SetAction(result =>
        {
            TextWriter output = result.InvocationConfiguration.Output, error = result.InvocationConfiguration.Error;
            var users = ParsePairs(result.GetValue(tokens) ?? [], "--token", "NAME=TOKEN");
            if (result.GetValue(tokenFile) is { } file)
            {
                if (!File.Exists(file))
                    throw new UsageException($"--token-file {file}: no such file.");
                var lines = File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));
                foreach (var (name, token) in ParsePairs(lines, "--token-file line", "NAME=TOKEN"))
                    users[name] = token;
            }
            var organizations = ParsePairs(result.GetValue(orgs) ?? [], "--org", "ORG=USER[,USER...]")
                .ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            int portValue = result.GetValue(port);
            if (portValue is < 0 or > 65535)
                throw new UsageException($"--port {portValue}: use 0 to 65535.");
            var options = new HubServerOptions
            {
                Root = Path.GetFullPath(result.GetValue(root)!),
                Host = result.GetValue(host) ?? "127.0.0.1",
                Port = portValue,
                Tokens = users,
                Organizations = organizations,
                LfsThreshold = Math.Max(1, result.GetValue(lfsThreshold)),
                MultipartThreshold = Math.Max(0, result.GetValue(multipart)),
                Log = result.GetValue(quiet) ? null : TextWriter.Synchronized(output),
            };
            HubServer server;
            try
            {
                server = HubServer.Start(options);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                throw new UsageException(e.Message);
            }
            using var stop = new ManualResetEventSlim();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Set(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); });
            string url = server.Url.ToString().TrimEnd('/');
            output.WriteLine(url);
            output.Flush();
            error.WriteLine($"hf-train hub serve: the repos under {options.Root}, at {url}; users: " +
                (users.Count == 0 ? "none (read-only: add --token NAME=TOKEN)" : string.Join(", ", users.Keys.Order(StringComparer.Ordinal))) + ".");
            error.WriteLine($"  export HF_ENDPOINT={url} HF_HUB_DISABLE_XET=1    (Ctrl+C stops)");
            error.Flush();
            stop.Wait();
            error.WriteLine("hf-train hub serve: stopping.");
            server.StopAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
            return ExitCodes.Ok;
        });
        return new Command("hub", "A private Hugging Face Hub: `hf-train hub serve`.") { serve };
    }

    static Dictionary<string, string> ParsePairs(IEnumerable<string> values, string option, string form)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string value in values)
        {
            int eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == value.Length - 1)
                // never echo the value: it may be a token
                throw new UsageException($"{option} takes {form}.");
            pairs[value[..eq].Trim()] = value[(eq + 1)..].Trim();
        }
        return pairs;
    }
}
