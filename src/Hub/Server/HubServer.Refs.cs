using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Server;

public sealed partial class HubServer
{
    async Task<int> RefsAsync(HubRequest r, RepoId id)
    {
        Readable(r, id);
        var branches = new JsonArray();
        var converts = new JsonArray();
        foreach (var (name, target) in _store.Refs(id))
        {
            if (name.StartsWith("refs/convert/", StringComparison.Ordinal))
                converts.Add(new JsonObject { ["name"] = name["refs/convert/".Length..], ["ref"] = name, ["targetCommit"] = target });
            else
                branches.Add(new JsonObject { ["name"] = name, ["ref"] = name.StartsWith("refs/", StringComparison.Ordinal) ? name : "refs/heads/" + name, ["targetCommit"] = target });
        }
        return await r.WriteJsonAsync(new JsonObject { ["branches"] = branches, ["converts"] = converts, ["tags"] = new JsonArray() });
    }

    async Task<int> CommitsAsync(HubRequest r, RepoId id, string revision)
    {
        Readable(r, id);
        CommitRecord head = ResolveRevision(id, revision);
        int page = int.TryParse(r.QueryValue("p"), out int p) && p >= 0 ? p : 0;
        int size = Math.Max(1, Math.Min(_options.PageSize, 1000));
        var commits = _store.History(id, head).Skip(page * size).Take(size + 1).ToList();
        var list = new JsonArray();
        foreach (CommitRecord c in commits.Take(size))
        {
            list.Add(new JsonObject
            {
                ["id"] = c.Id, ["title"] = c.Title, ["message"] = c.Description,
                ["authors"] = new JsonArray(new JsonObject { ["user"] = c.Author, ["avatar"] = "" }),
                ["date"] = RepoStore.Iso(c.Date),
            });
        }
        if (commits.Count > size)
            r.Response.Headers["Link"] = $"<{r.BaseUrl}/{id.ApiPath}/commits/{Revision.Encode(revision)}?p={page + 1}>; rel=\"next\"";
        return await r.WriteJsonAsync(list);
    }

    async Task<int> BranchAsync(HubRequest r, RepoId id, string branch)
    {
        Writable(r, id);
        if (r.Method == "DELETE")
        {
            await _store.DeleteBranchAsync(id, branch);
            return await r.WriteJsonAsync(new JsonObject());
        }
        JsonObject? body = (await r.ReadJsonAsync(_options.MaxJsonBody))?.AsObject();
        string start = body?["startingPoint"]?.GetValue<string>() ?? Revision.Main;
        bool empty = body?["emptyBranch"]?.GetValue<bool>() ?? false;
        bool overwrite = body?["overwrite"]?.GetValue<bool>() ?? false;
        if (!empty)
            ResolveRevision(id, start);
        if (!await _store.CreateBranchAsync(id, branch, start, empty, overwrite, r.User!.Name))
            throw new HubHttpException(409, $"Reference already exists: {branch}");
        return await r.WriteJsonAsync(new JsonObject());
    }

    /// <summary>
    /// The parquet files of a dataset's <c>refs/convert/parquet</c> branch, laid out <c>{config}/{split}/*.parquet</c>:
    /// <c>/parquet</c> → {config: {split: [urls]}}, <c>/parquet/{config}</c> → {split: [urls]},
    /// <c>/parquet/{config}/{split}</c> → [urls], <c>/parquet/{config}/{split}/{n}.parquet</c> → the file (a redirect).
    /// </summary>
    async Task<int> ParquetAsync(HubRequest r, RepoId id, List<string> args)
    {
        Readable(r, id);
        CommitRecord commit;
        try
        {
            commit = _store.Resolve(id, Revision.ConvertParquet);
        }
        catch (RevisionNotFoundException)
        {
            throw HubHttpException.RevisionNotFound($"{id.Id} has no parquet conversion (no {Revision.ConvertParquet} branch).");
        }
        var layout = new SortedDictionary<string, SortedDictionary<string, List<string>>>(StringComparer.Ordinal);
        foreach (string file in commit.Files.Keys)
        {
            string[] parts = file.Split('/');
            if (parts.Length != 3 || !parts[2].EndsWith(".parquet", StringComparison.Ordinal))
                continue;
            if (!layout.TryGetValue(parts[0], out var splits))
                layout[parts[0]] = splits = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            if (!splits.TryGetValue(parts[1], out var files))
                splits[parts[1]] = files = [];
            files.Add(file);
        }
        string Url(string config, string split, int n) =>
            $"{r.BaseUrl}/{id.ApiPath}/parquet/{Uri.EscapeDataString(config)}/{Uri.EscapeDataString(split)}/{n}.parquet";
        JsonArray Urls(string config, string split) =>
            new(layout[config][split].Select((_, n) => (JsonNode?)JsonValue.Create(Url(config, split, n))).ToArray());
        if (args.Count == 0)
        {
            var all = new JsonObject();
            foreach (var (config, splits) in layout)
            {
                var c = new JsonObject();
                foreach (string split in splits.Keys)
                    c[split] = Urls(config, split);
                all[config] = c;
            }
            return await r.WriteJsonAsync(all);
        }
        if (!layout.TryGetValue(args[0], out var configSplits))
            throw HubHttpException.EntryNotFound($"No parquet files for config '{args[0]}'.");
        if (args.Count == 1)
        {
            var c = new JsonObject();
            foreach (string split in configSplits.Keys)
                c[split] = Urls(args[0], split);
            return await r.WriteJsonAsync(c);
        }
        if (!configSplits.TryGetValue(args[1], out var splitFiles))
            throw HubHttpException.EntryNotFound($"No parquet files for config '{args[0]}', split '{args[1]}'.");
        if (args.Count == 2)
            return await r.WriteJsonAsync(Urls(args[0], args[1]));
        if (args.Count == 3 && args[2].EndsWith(".parquet", StringComparison.Ordinal)
            && int.TryParse(args[2][..^".parquet".Length], out int index) && index >= 0 && index < splitFiles.Count)
        {
            return r.Redirect($"{r.BaseUrl}/{id.UrlPath}/resolve/{Revision.Encode(Revision.ConvertParquet)}/{RepoPath.Encode(splitFiles[index])}");
        }
        throw HubHttpException.EntryNotFound("No such parquet file.");
    }
}
