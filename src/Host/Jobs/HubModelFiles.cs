using System.Text.Json.Nodes;
using HfTrain.Abstractions;
using HfTrain.Hub.Client;
using HfTrain.Hub.Protocol;

namespace HfTrain.Host.Jobs;

/// <summary>
/// A model repo id given as <c>--model_name_or_path</c>, <c>--config_name</c> or <c>--tokenizer_name</c>: what
/// <c>from_pretrained</c> would fetch (config, generation config, weights — one file, or an index and its shards —
/// and tokenizer files) is downloaded into the HF cache, and the snapshot folder is returned. Offline
/// (HF_HUB_OFFLINE) or when the Hub cannot be reached, the cached snapshot is used.
/// </summary>
internal static class HubModelFiles
{
    /// <summary>Files a run may read beside the weights.</summary>
    static readonly string[] Side =
    [
        "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "spiece.model",
        "special_tokens_map.json", "added_tokens.json",
    ];

    /// <summary>Weight files in transformers' order of preference; an index brings its shards.</summary>
    static readonly string[] Weights =
        ["model.safetensors", "model.safetensors.index.json", "pytorch_model.bin", "pytorch_model.bin.index.json"];

    public static bool LooksLikeRepoId(string nameOrPath) =>
        !nameOrPath.StartsWith('.') && !nameOrPath.StartsWith('/') && RepoId.TryParse(nameOrPath, RepoType.Model, out _);

    public static string Fetch(string repoId, string option, string revision, string? token, bool weights)
    {
        var settings = HfTrain.Host.Hub.HubScope.Current;
        var repo = RepoId.Parse(repoId);
        try
        {
            return FetchAsync(settings, repo, revision, token, weights).GetAwaiter().GetResult();
        }
        catch (HubClientException e) when (e.Kind is HubErrorKind.Connection or HubErrorKind.NotInCache)
        {
            throw new TaskInputException($"{option} {repoId}: {e.Message} Or give a local folder written by save_pretrained.");
        }
        catch (HubClientException e)
        {
            throw new TaskInputException($"{option} {repoId}: {e.Message}");
        }
    }

    static async Task<string> FetchAsync(HubSettings settings, RepoId repo, string revision, string? token, bool weights)
    {
        var layout = new CacheLayout(settings.Cache, repo);
        // the cached snapshot: refs/<revision>, else a snapshot folder named so, else the newest (HubCache's rules)
        string? cached = new HfTrain.Data.Hub.HubCache(k => k == "HF_HUB_CACHE" ? settings.Cache : null).ModelSnapshot(repo.Id, revision);
        if (settings.Offline)
            return cached ?? throw new HubClientException(HubErrorKind.NotInCache,
                $"no snapshot of revision {revision} in the cache {layout.Folder}, and HF_HUB_OFFLINE is set. Download it once with network access (`hf-train download {repo.Id}`).");
        using var http = new HubHttp(settings, token);
        RepoRevision info;
        try
        {
            info = await new RepoListing(http).RevisionAsync(repo, revision).ConfigureAwait(false);
        }
        catch (HubClientException e) when (e.Kind == HubErrorKind.Connection && cached is not null)
        {
            return cached;
        }
        layout.WriteRef(revision, info.Commit);
        var downloader = new FileDownloader(http, Console.Error, interactiveProgress: !Console.IsErrorRedirected);
        var wanted = info.Files.Where(f => Side.Contains(f)).ToList();
        if (weights && Weights.FirstOrDefault(info.Files.Contains) is { } weightFile)
            wanted.Add(weightFile);
        foreach (string file in wanted)
            await downloader.DownloadAsync(repo, file, info.Commit).ConfigureAwait(false);
        if (wanted.FirstOrDefault(f => f.EndsWith(".index.json", StringComparison.Ordinal)) is { } index)
        {
            string indexPath = layout.Pointer(info.Commit, index);
            var shards = (JsonNode.Parse(await File.ReadAllTextAsync(indexPath).ConfigureAwait(false))?["weight_map"] as JsonObject ?? [])
                .Select(p => p.Value?.GetValue<string>()).OfType<string>().Distinct();
            foreach (string shard in shards)
                await downloader.DownloadAsync(repo, shard, info.Commit).ConfigureAwait(false);
        }
        if (!wanted.Contains("config.json") && weights)
            throw new HubClientException(HubErrorKind.EntryNotFound,
                $"{repo} has no config.json at {revision}: it is not a transformers model repo (files: {string.Join(", ", info.Files.Take(10))}).");
        string snapshot = layout.Snapshot(info.Commit);
        Directory.CreateDirectory(snapshot);
        return snapshot;
    }
}
