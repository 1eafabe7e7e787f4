using System.CommandLine;
using HfTrain.Host.Options;
using HfTrain.Hub.Client;
using HfTrain.Hub.Protocol;

namespace HfTrain.Host.Commands;

/// <summary>
/// <c>hf-train download REPO [FILES...] [--repo-type model|dataset] [--revision R]</c>, as <c>hf download</c>: the
/// files (all of the revision when none is named) go into the HF cache, shared with Python; prints the snapshot
/// folder, or the file's path when one file is named.
/// </summary>
internal sealed class DownloadCommand(HubEnvironment hub) : IHostCommand
{
    public Command Create()
    {
        var repo = new Argument<string>("repo") { Description = "The repo id (org/name)." };
        var files = new Argument<string[]>("files") { Description = "Files to download (default: all).", Arity = ArgumentArity.ZeroOrMore };
        var type = new Option<string>("--repo-type", "--repo_type") { Description = "model or dataset.", DefaultValueFactory = _ => "model", HelpName = "type" };
        var revision = new Option<string>("--revision") { Description = "A branch, tag or commit id.", DefaultValueFactory = _ => Revision.Main, HelpName = "rev" };
        var include = new Option<string[]>("--include") { Description = "Glob patterns of files to download (with no FILES).", HelpName = "pattern", AllowMultipleArgumentsPerToken = true };
        var command = new Command("download", "Download a model or dataset repo (or some of its files) into the Hugging Face cache and print the path.")
            { repo, files, type, revision, include };
        command.SetAction(async (result, cancel) =>
        {
            RepoId id = RepoId.Parse(result.GetValue(repo)!, result.GetValue(type));
            string rev = Revision.Validate(result.GetValue(revision));
            string[] names = result.GetValue(files) ?? [];
            using var http = hub.Http();
            FileDownloader downloader = hub.Downloader(http);
            string shown;
            if (names.Length > 0)
            {
                var paths = new List<string>();
                foreach (string name in names)
                    paths.Add(await downloader.DownloadAsync(id, name, rev, cancel).ConfigureAwait(false));
                shown = paths.Count == 1 ? paths[0] : paths[0][..^(names[0].Length + 1)];   // snapshots/<commit>
            }
            else
            {
                string[] patterns = result.GetValue(include) ?? [];
                shown = await new SnapshotDownloader(http, downloader)
                    .DownloadAsync(id, rev, patterns.Length == 0 ? null : patterns, cancel).ConfigureAwait(false);
            }
            result.InvocationConfiguration.Output.WriteLine(shown);
            return ExitCodes.Ok;
        });
        return command;
    }
}
