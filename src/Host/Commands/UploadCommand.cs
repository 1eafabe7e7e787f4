using System.CommandLine;
using HfTrain.Host.Options;
using HfTrain.Hub.Client;
using HfTrain.Hub.Protocol;

namespace HfTrain.Host.Commands;

/// <summary>
/// <c>hf-train upload REPO LOCAL [PATH_IN_REPO] [--repo-type ...] [--private]</c>, as <c>hf upload</c>: creates the
/// repo when missing, then one commit of the file or folder (preupload, LFS for large files, NDJSON commit).
/// </summary>
internal sealed class UploadCommand(HubEnvironment hub) : IHostCommand
{
    public Command Create()
    {
        var repo = new Argument<string>("repo") { Description = "The repo id (org/name)." };
        var local = new Argument<string>("local") { Description = "A file or a folder to upload." };
        var inRepo = new Argument<string?>("path_in_repo") { Description = "Where in the repo (default: the file's name, or the root for a folder).", Arity = ArgumentArity.ZeroOrOne };
        var type = new Option<string>("--repo-type", "--repo_type") { Description = "model or dataset.", DefaultValueFactory = _ => "model", HelpName = "type" };
        var revision = new Option<string>("--revision") { Description = "The branch to commit to.", DefaultValueFactory = _ => Revision.Main, HelpName = "rev" };
        var isPrivate = new Option<bool>("--private") { Description = "Create the repo private (when it does not exist yet)." };
        var message = new Option<string?>("--commit-message", "--commit_message") { Description = "The commit summary.", HelpName = "text" };
        var command = new Command("upload", "Upload a file or a folder to a model or dataset repo on the Hub (created when missing) and print its URL.")
            { repo, local, inRepo, type, revision, isPrivate, message };
        command.SetAction(async (result, cancel) =>
        {
            RepoId id = RepoId.Parse(result.GetValue(repo)!, result.GetValue(type));
            string rev = Revision.Validate(result.GetValue(revision));
            string source = result.GetValue(local)!;
            string? target = result.GetValue(inRepo);
            IReadOnlyList<CommitOperation> operations = Directory.Exists(source)
                ? AddFile.Folder(source, target ?? "")
                : File.Exists(source) ? [new AddFile(target ?? Path.GetFileName(source), Path.GetFullPath(source))]
                : throw new UsageException($"upload: {source} is neither a file nor a folder.");
            if (operations.Count == 0)
                throw new UsageException($"upload: the folder {source} holds no files.");
            using var http = hub.Http();
            if (http.Token is null)
                throw new UsageException("upload needs a token: run `hf-train login` or set HF_TOKEN.");
            await new HubAccount(http).CreateRepoAsync(id, result.GetValue(isPrivate), cancel).ConfigureAwait(false);
            string summary = result.GetValue(message) ?? (Directory.Exists(source) ? "Upload folder using hf-train" : $"Upload {operations[0].PathInRepo} with hf-train");
            string commit = await new CommitUploader(http, hub.Progress).CommitAsync(id, operations, summary, rev, cancel: cancel).ConfigureAwait(false);
            result.InvocationConfiguration.Output.WriteLine($"{http.Settings.Endpoint}/{id.UrlPath}/tree/{commit}/{target ?? ""}".TrimEnd('/'));
            return ExitCodes.Ok;
        });
        return command;
    }
}
