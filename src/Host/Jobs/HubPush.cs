using HfTrain.Host.Options;
using HfTrain.Hub.Client;
using HfTrain.Hub.Protocol;

namespace HfTrain.Host.Jobs;

/// <summary>
/// <c>--push_to_hub</c>, as HF's Trainer: the repo (<c>--hub_model_id</c>, else the output folder's name, under the
/// token's user when it has no namespace; legacy <c>--push_to_hub_organization</c>/<c>--push_to_hub_model_id</c>) is
/// created at the start; with <c>--hub_strategy</c> every_save, checkpoint or all_checkpoints each save is pushed in
/// the background (a save while a push runs is skipped, as HF does), and the end of training pushes the output
/// folder (not its checkpoints) after waiting for the running push. Only the main process pushes. The token comes
/// from <c>--hub_token</c>, else HF_TOKEN or the saved login, and is printed nowhere.
/// </summary>
internal sealed class HubPush : IDisposable
{
    /// <summary>The files of a checkpoint that make the model (HF's <c>_push_from_checkpoint</c> modeling files).</summary>
    static readonly string[] ModelingFiles =
    [
        "config.json", "generation_config.json", "model.safetensors", "model.safetensors.index.json", "pytorch_model.bin",
        "tokenizer.json", "tokenizer_config.json", "spiece.model", "special_tokens_map.json", "added_tokens.json", "training_args.json",
    ];

    readonly HubHttp _http;
    readonly string _strategy;
    readonly RunLog _log;
    readonly object _gate = new();
    Task? _running;

    HubPush(HubHttp http, RepoId repo, string strategy, RunLog log)
    {
        _http = http;
        Repo = repo;
        _strategy = strategy;
        _log = log;
    }

    public RepoId Repo { get; }

    /// <summary>The push of this run, or null without --push_to_hub (or on a process other than the main one).</summary>
    public static HubPush? Start(ParsedOptions o, string outputDir, bool isMainProcess, RunLog log)
    {
        if (!o.Bool("push_to_hub") || !isMainProcess)
            return null;
        string strategy = o.String("hub_strategy") ?? "every_save";
        if (strategy is not ("end" or "every_save" or "checkpoint" or "all_checkpoints"))
            throw new UsageException($"--hub_strategy {strategy}: use end, every_save, checkpoint or all_checkpoints.");
        var settings = HfTrain.Host.Hub.HubScope.Current;
        var http = new HubHttp(settings, o.String("hub_token") is { Length: > 0 } t ? t : null);
        if (http.Token is null)
        {
            http.Dispose();
            throw new UsageException("--push_to_hub needs a token: run `hf-train login`, set HF_TOKEN, or pass --hub_token.");
        }
        try
        {
            RepoId repo = RepoName(o, outputDir, http);
            new HubAccount(http).CreateRepoAsync(repo, o.Bool("hub_private_repo")).GetAwaiter().GetResult();
            log.Info($"Pushing to {settings.Endpoint}/{repo.UrlPath} (--hub_strategy {strategy}).");
            return new HubPush(http, repo, strategy, log);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    static RepoId RepoName(ParsedOptions o, string outputDir, HubHttp http)
    {
        string name = o.String("hub_model_id") ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDir)));
        if (o.String("push_to_hub_organization") is { Length: > 0 } organization && !name.Contains('/', StringComparison.Ordinal))
            name = $"{organization}/{name}";
        if (!name.Contains('/', StringComparison.Ordinal))
            name = $"{new HubAccount(http).WhoAmIAsync().GetAwaiter().GetResult().Name}/{name}";
        return RepoId.Parse(name);
    }

    /// <summary>A checkpoint was saved: push it in the background unless the strategy is "end" or a push is running.</summary>
    public void OnSave(string checkpoint)
    {
        if (_strategy == "end")
            return;
        lock (_gate)
        {
            if (_running is { IsCompleted: false })
                return;
            var operations = Modeling(checkpoint).ToList();
            string name = Path.GetFileName(checkpoint);
            if (_strategy is "checkpoint" or "all_checkpoints")
            {
                string prefix = _strategy == "checkpoint" ? "last-checkpoint" : name;
                operations.AddRange(AddFile.Folder(checkpoint, prefix));
            }
            string step = name.StartsWith("checkpoint-", StringComparison.Ordinal) ? name["checkpoint-".Length..] : name;
            _running = Task.Run(() => PushAsync(operations, $"Training in progress, step {step}", background: true));
        }
    }

    /// <summary>The end of training: waits for the running push, then pushes the output folder; returns the commit.</summary>
    public string Finish(string outputDir)
    {
        Task? running;
        lock (_gate)
            running = _running;
        running?.GetAwaiter().GetResult();
        var operations = AddFile.Folder(outputDir).Where(a => Pushed(a.PathInRepo)).ToList();
        string commit = PushAsync(operations, "End of training", background: false).GetAwaiter().GetResult()!;
        _log.Info($"Pushed to {_http.Settings.Endpoint}/{Repo.UrlPath} (commit {commit}).");
        return commit;
    }

    /// <summary>HF's <c>ignore_patterns=["_*", "checkpoint-*"]</c>, and the run's own lock and probe files.</summary>
    static bool Pushed(string path)
    {
        string top = path.Split('/')[0];
        return !top.StartsWith("checkpoint-", StringComparison.Ordinal) && !top.StartsWith("tmp-checkpoint-", StringComparison.Ordinal)
               && !top.StartsWith('_') && !top.StartsWith(".hf-train", StringComparison.Ordinal);
    }

    IEnumerable<CommitOperation> Modeling(string checkpoint) =>
        ModelingFiles.Where(f => File.Exists(Path.Combine(checkpoint, f))).Select(f => new AddFile(f, Path.Combine(checkpoint, f)))
            .Concat(Directory.Exists(checkpoint)
                ? Directory.GetFiles(checkpoint, "model-*.safetensors").Order(StringComparer.Ordinal).Select(f => new AddFile(Path.GetFileName(f), f))
                : []);

    async Task<string?> PushAsync(IReadOnlyList<CommitOperation> operations, string summary, bool background)
    {
        try
        {
            return await new CommitUploader(_http).CommitAsync(Repo, operations, summary).ConfigureAwait(false);
        }
        catch (Exception e) when (background && e is HubClientException or IOException or HubInputException)
        {
            // a failed intermediate push does not stop training; the final push reports its own failure
            _log.Warning($"pushing to {Repo.Id} ({summary}) failed: {e.Message}");
            return null;
        }
    }

    /// <summary>A run that stops early (Ctrl+C, an error) lets a running push finish (up to a minute) before the
    /// connection closes under it.</summary>
    public void Dispose()
    {
        Task? running;
        lock (_gate)
            running = _running;
        if (running is not null && !running.IsCompleted)
        {
            _log.Info($"Waiting for the push to {Repo.Id} to finish...");
            try
            {
                running.Wait(TimeSpan.FromMinutes(1));
            }
            catch (AggregateException e)
            {
                _log.Warning($"pushing to {Repo.Id} failed: {e.InnerException?.Message}");
            }
        }
        _http.Dispose();
    }
}
