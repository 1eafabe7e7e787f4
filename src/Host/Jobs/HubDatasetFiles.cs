using System.Collections.Concurrent;
using HfTrain.Abstractions;
using HfTrain.Data.Hub;
using HfTrain.Hub.Client;
using HfTrain.Hub.Protocol;

namespace HfTrain.Host.Jobs;

/// <summary>
/// <c>--dataset_name org/name [--dataset_config_name C]</c> for a dataset on the Hub: the data files chosen by
/// <see cref="DatasetDataFiles"/> (card configs, default split patterns, the parquet branch) are downloaded into the
/// HF cache; no dataset script is ever run. A local folder of that name wins, as before (<see cref="DatasetResolver"/>).
/// Offline, the cached snapshot is resolved locally.
/// </summary>
internal static class HubDatasetFiles
{
    static readonly ConcurrentDictionary<(string Endpoint, string Cache, string Name, string? Config), DatasetSource> Resolved = new();

    /// <summary>The rows of <paramref name="split"/> from a Hub dataset, or null when another source applies
    /// (a --*_file for this split, no --dataset_name, or a local folder).</summary>
    public static HfTrain.Data.Files.DatasetFile? Load(HfTrain.Data.DatasetOptions inputs, DataSplit split, string option, string? token)
    {
        string? file = split switch { DataSplit.Train => inputs.TrainFile, DataSplit.Validation => inputs.ValidationFile, _ => inputs.TestFile };
        if (file is not null || inputs.DatasetName is null)
            return null;
        return Resolve(inputs.DatasetName, inputs.DatasetConfigName, token)?.Read(split, option).RequireRows(option);
    }

    /// <summary>The dataset's splits, or null when <paramref name="name"/> is not for the Hub (a local folder, not a repo id).</summary>
    public static DatasetSource? Resolve(string name, string? config, string? token)
    {
        if (Directory.Exists(name) || !RepoId.TryParse(name, RepoType.Dataset, out RepoId? repo))
            return null;
        var settings = HfTrain.Host.Hub.HubScope.Current;
        var cache = new HubCache(k => k == "HF_HUB_CACHE" ? settings.Cache : null);
        if (settings.Offline)
            return new DatasetResolver(cache).Resolve(name, config);   // the cached snapshot, or an error naming where it looked
        return Resolved.GetOrAdd((settings.Endpoint, settings.Cache, name, config), _ =>
        {
            try
            {
                return ResolveAsync(settings, repo, config, token).GetAwaiter().GetResult();
            }
            catch (HubClientException e) when (e.Kind == HubErrorKind.Connection && cache.Snapshot(name) is not null)
            {
                return new DatasetResolver(cache).Resolve(name, config);
            }
            catch (HubClientException e)
            {
                throw new TaskInputException($"--dataset_name {name}: {e.Message}");
            }
        });
    }

    static async Task<DatasetSource> ResolveAsync(HubSettings settings, RepoId repo, string? config, string? token)
    {
        using var http = new HubHttp(settings, token);
        var listing = new RepoListing(http);
        var downloader = new FileDownloader(http, Console.Error, interactiveProgress: !Console.IsErrorRedirected);
        RepoRevision main = await listing.RevisionAsync(repo, Revision.Main).ConfigureAwait(false);
        new CacheLayout(settings.Cache, repo).WriteRef(Revision.Main, main.Commit);
        DataFilesPlan? plan = null;
        if (main.Files.Contains("README.md"))
        {
            string readme = await downloader.DownloadAsync(repo, "README.md", main.Commit).ConfigureAwait(false);
            plan = DatasetDataFiles.FromCard(FrontMatter.Read(await File.ReadAllTextAsync(readme).ConfigureAwait(false)), config, main.Files, main.Commit, repo.Id);
        }
        if (plan is null)
        {
            var files = config is null or "default" ? main.Files
                : main.Files.Where(f => f.StartsWith(config + "/", StringComparison.Ordinal)).ToList();
            plan = DatasetDataFiles.FromDefaultPatterns(files, main.Commit, config ?? "default");
        }
        if (plan is null)
        {
            RepoRevision parquet;
            try
            {
                parquet = await listing.RevisionAsync(repo, Revision.ConvertParquet).ConfigureAwait(false);
            }
            catch (HubClientException e) when (e.Kind is HubErrorKind.RevisionNotFound or HubErrorKind.RepoNotFound)
            {
                throw NoData(repo, config, main.Files);
            }
            plan = DatasetDataFiles.FromParquetBranch(parquet.Files, config, parquet.Commit) ?? throw NoData(repo, config, main.Files);
        }
        var splits = new Dictionary<DataSplit, IReadOnlyList<string>>();
        foreach (var (split, paths) in plan.Splits)
        {
            if (ToDataSplit(split) is not { } known || paths.Count == 0)
                continue;
            var local = new List<string>();
            foreach (string path in paths)
                local.Add(await downloader.DownloadAsync(repo, path, plan.Revision).ConfigureAwait(false));
            splits[known] = local;
        }
        return new DatasetSource(repo.Id, config, new CacheLayout(settings.Cache, repo).Snapshot(plan.Revision), splits);
    }

    static DataSplit? ToDataSplit(string split) => DatasetDataFiles.SplitNameOf(split) switch
    {
        "train" => DataSplit.Train,
        "validation" => DataSplit.Validation,
        "test" => DataSplit.Test,
        _ => null,
    };

    static HubClientException NoData(RepoId repo, string? config, IReadOnlyList<string> files)
    {
        var scripts = files.Where(f => f.EndsWith(".py", StringComparison.Ordinal)).ToList();
        string what = scripts.Count > 0
            ? $"it holds only a loading script ({string.Join(", ", scripts)}), and hf-train never runs dataset scripts. " +
              "Convert it to data files once with Python (`datasets.load_dataset(..., trust_remote_code=True).push_to_hub(...)` or " +
              "`.to_parquet(...)`), use a dataset whose refs/convert/parquet branch exists, or pass --train_file/--validation_file/--test_file"
            : "it holds no data files (parquet, jsonl, json, csv, tsv) and no refs/convert/parquet branch. Pass --train_file/--validation_file/--test_file";
        return new HubClientException(HubErrorKind.EntryNotFound,
            $"dataset {repo.Id}{(config is null ? "" : $" (config {config})")}: {what}.");
    }
}
