using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Server;

public sealed partial class HubServer
{
    static readonly DateTimeOffset Started = DateTimeOffset.UtcNow;

    async Task<int> WhoAmIAsync(HubRequest r)
    {
        HubUser user = r.User ?? throw HubHttpException.Unauthorized("Invalid credentials in Authorization header");
        var orgs = new JsonArray();
        foreach (string org in user.Organizations)
        {
            orgs.Add(new JsonObject
            {
                ["type"] = "org", ["id"] = ObjectId("org:" + org), ["name"] = org, ["fullname"] = org, ["email"] = null,
                ["canPay"] = false, ["avatarUrl"] = "", ["periodEnd"] = null, ["roleInOrg"] = "write", ["isEnterprise"] = false,
            });
        }
        return await r.WriteJsonAsync(new JsonObject
        {
            ["type"] = "user",
            ["id"] = ObjectId("user:" + user.Name),
            ["name"] = user.Name,
            ["fullname"] = user.Name,
            ["email"] = null,
            ["emailVerified"] = false,
            ["canPay"] = false,
            ["isPro"] = false,
            ["periodEnd"] = null,
            ["avatarUrl"] = "",
            ["orgs"] = orgs,
            ["auth"] = new JsonObject
            {
                ["type"] = "access_token",
                ["accessToken"] = new JsonObject
                {
                    ["displayName"] = "hub serve --token",
                    ["role"] = "write",
                    ["createdAt"] = RepoStore.Iso(Started),
                },
            },
        });
    }

    /// <summary>A 24-hex id, as the Hub's <c>_id</c> fields (a MongoDB ObjectId there).</summary>
    static string ObjectId(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24];

    async Task<int> CreateRepoAsync(HubRequest r)
    {
        HubUser user = r.RequireUser();
        JsonObject body = (await r.ReadJsonAsync(_options.MaxJsonBody))?.AsObject() ?? throw HubHttpException.BadRequest("The body must be a JSON object.");
        string name = body["name"]?.GetValue<string>() ?? throw HubHttpException.BadRequest("'name' is missing.");
        string? organization = body["organization"]?.GetValue<string>();
        string typeText = body["type"]?.GetValue<string>() ?? "model";
        if (typeText == "space")
            throw HubHttpException.BadRequest("Spaces are not served by hf-train hub serve: create a model or a dataset.");
        RepoType type = RepoTypes.Parse(typeText);
        if (name.Contains('/', StringComparison.Ordinal) && organization is null)
        {
            organization = name[..name.IndexOf('/', StringComparison.Ordinal)];
            name = name[(name.IndexOf('/', StringComparison.Ordinal) + 1)..];
        }
        RepoId id = RepoId.Create(string.IsNullOrEmpty(organization) ? user.Name : organization, name, type);
        bool isPrivate = body["visibility"]?.GetValue<string>() is { } visibility
            ? visibility switch
            {
                "private" => true,
                "public" => false,
                _ => throw HubHttpException.BadRequest($"Unknown visibility '{visibility}': use 'public' or 'private'."),
            }
            : body["private"]?.GetValue<bool>() ?? false;
        string url = $"{r.BaseUrl}/{id.UrlPath}";
        if (!user.Owns(id.Namespace))
            throw HubHttpException.Forbidden($"You don't have the rights to create a {id.Type.Name()} under the namespace '{id.Namespace}': user '{user.Name}' does not own it.");
        if (id.Namespace is "api" or "datasets" or "models" or "spaces")
            throw HubHttpException.BadRequest($"'{id.Namespace}' cannot be a namespace.");
        if (!await _store.CreateAsync(id, isPrivate, user.Name))
        {
            r.Response.StatusCode = 409;
            r.Response.Headers[HubHeaders.ErrorMessage] = "You already created this " + id.Type.Name() + " repo";
            return await r.WriteJsonAsync(new JsonObject { ["error"] = $"You already created this {id.Type.Name()} repo", ["url"] = url }, 409);
        }
        if (body["files"] is JsonArray files && files.Count > 0)
        {
            // @huggingface/hub's createRepo({files}): the first commit's files
            var operations = files.Select(f => f!.AsObject()).Select(f => (Path: RepoPath.Validate(f["path"]!.GetValue<string>()),
                Content: DecodeContent(f["content"]?.GetValue<string>() ?? "", f["encoding"]?.GetValue<string>()))).ToList();
            foreach (var (_, content) in operations)
                _store.StoreBlob(id, GitHashes.Sha256(content), content);
            await _store.CommitAsync(id, Revision.Main, null, "Initial files", "", user.Name, files0 =>
            {
                var next = new SortedDictionary<string, FileEntry>(files0.ToDictionary(), StringComparer.Ordinal);
                foreach (var (path, content) in operations)
                    next[path] = new FileEntry(GitHashes.Sha256(content), content.Length, false) { GitOid = GitHashes.BlobSha1(content) };
                return next;
            });
        }
        return await r.WriteJsonAsync(new JsonObject { ["url"] = url, ["name"] = id.Id, ["id"] = ObjectId(id.ToString()) });
    }

    async Task<int> DeleteRepoAsync(HubRequest r)
    {
        HubUser user = r.RequireUser();
        JsonObject body = (await r.ReadJsonAsync(_options.MaxJsonBody))?.AsObject() ?? throw HubHttpException.BadRequest("The body must be a JSON object.");
        string name = body["name"]?.GetValue<string>() ?? throw HubHttpException.BadRequest("'name' is missing.");
        string? organization = body["organization"]?.GetValue<string>();
        RepoId id = RepoId.Create(string.IsNullOrEmpty(organization) ? user.Name : organization, name, RepoTypes.Parse(body["type"]?.GetValue<string>()));
        Writable(r, id);
        await _store.DeleteAsync(id);
        return await r.WriteJsonAsync(new JsonObject());
    }

    async Task<int> SettingsAsync(HubRequest r, RepoId id)
    {
        Writable(r, id);
        JsonObject body = (await r.ReadJsonAsync(_options.MaxJsonBody))?.AsObject() ?? throw HubHttpException.BadRequest("The body must be a JSON object.");
        bool? isPrivate = body["visibility"]?.GetValue<string>() is { } v ? v == "private" : body["private"]?.GetValue<bool>();
        if (isPrivate is { } value)
            _store.SetPrivate(id, value);
        return await r.WriteJsonAsync(new JsonObject { ["private"] = _store.Get(id).Private });
    }

    async Task<int> ListReposAsync(HubRequest r, RepoType type)
    {
        string? author = r.QueryValue("author");
        string? search = r.QueryValue("search");
        int limit = int.TryParse(r.QueryValue("limit"), out int l) && l > 0 ? l : int.MaxValue;
        var list = new JsonArray();
        foreach (RepoInfo info in _store.List(type))
        {
            if (info.Private && r.User?.Owns(info.Id.Namespace) != true)
                continue;
            if (author is not null && !string.Equals(author, info.Id.Namespace, StringComparison.OrdinalIgnoreCase))
                continue;
            if (search is not null && !info.Id.Id.Contains(search, StringComparison.OrdinalIgnoreCase))
                continue;
            CommitRecord head = _store.Resolve(info.Id, Revision.Main);
            list.Add(new JsonObject
            {
                ["_id"] = ObjectId(info.Id.ToString()), ["id"] = info.Id.Id, ["private"] = info.Private, ["sha"] = head.Id,
                ["lastModified"] = RepoStore.Iso(head.Date), ["createdAt"] = RepoStore.Iso(info.CreatedAt),
                ["downloads"] = 0, ["likes"] = 0, ["tags"] = new JsonArray(),
            });
            if (list.Count >= limit)
                break;
        }
        return await r.WriteJsonAsync(list);
    }

    async Task<int> RepoInfoAsync(HubRequest r, RepoId id, string revision)
    {
        RepoInfo info = Readable(r, id);
        CommitRecord commit = ResolveRevision(id, revision);
        var siblings = new JsonArray();
        foreach (var (path, entry) in commit.Files)
        {
            var sibling = new JsonObject { ["rfilename"] = path, ["size"] = entry.Size, ["blobId"] = entry.GitOid };
            if (entry.Lfs)
                sibling["lfs"] = new JsonObject { ["size"] = entry.Size, ["sha256"] = entry.Sha256, ["pointerSize"] = entry.Pointer.Length };
            siblings.Add(sibling);
        }
        var json = new JsonObject
        {
            ["_id"] = ObjectId(id.ToString()),
            ["id"] = id.Id,
        };
        if (id.Type == RepoType.Model)
            json["modelId"] = id.Id;
        json["author"] = id.Namespace;
        json["sha"] = commit.Id;
        json["lastModified"] = RepoStore.Iso(commit.Date);
        json["private"] = info.Private;
        json["gated"] = false;
        json["disabled"] = false;
        json["downloads"] = 0;
        json["likes"] = 0;
        json["tags"] = new JsonArray();
        json["siblings"] = siblings;
        json["createdAt"] = RepoStore.Iso(info.CreatedAt);
        json["usedStorage"] = commit.Files.Values.Sum(e => e.Size);
        if (id.Type == RepoType.Model)
            json["spaces"] = new JsonArray();
        return await r.WriteJsonAsync(json);
    }

    // ---- tree listing

    /// <summary>The entries of <paramref name="commit"/> under <paramref name="path"/>: files, and folders derived from them.</summary>
    static List<(string Path, FileEntry? File)> Entries(CommitRecord commit, string? path, bool recursive)
    {
        string prefix = path is null ? "" : path + "/";
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        var result = new List<(string, FileEntry?)>();
        foreach (var (file, entry) in commit.Files)
        {
            if (!file.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            string rest = file[prefix.Length..];
            int slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
                result.Add((file, entry));
            else if (!recursive)
                folders.Add(prefix + rest[..slash]);
            else
            {
                for (int i = rest.IndexOf('/', StringComparison.Ordinal); i >= 0; i = rest.IndexOf('/', i + 1))
                    folders.Add(prefix + rest[..i]);
                result.Add((file, entry));
            }
        }
        result.AddRange(folders.Select(f => (f, (FileEntry?)null)));
        result.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return result;
    }

    static string FolderOid(CommitRecord commit, string folder)
    {
        var text = new StringBuilder("tree\0");
        foreach (var (file, entry) in commit.Files.Where(f => f.Key.StartsWith(folder + "/", StringComparison.Ordinal)))
            text.Append(file).Append(' ').Append(entry.GitOid).Append('\n');
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    static JsonObject EntryJson(CommitRecord commit, string path, FileEntry? file, CommitRecord? lastCommit)
    {
        JsonObject json = file is null
            ? new JsonObject { ["type"] = "directory", ["oid"] = FolderOid(commit, path), ["size"] = 0, ["path"] = path }
            : new JsonObject { ["type"] = "file", ["oid"] = file.GitOid, ["size"] = file.Size, ["path"] = path };
        if (file is { Lfs: true })
            json["lfs"] = new JsonObject { ["oid"] = file.Sha256, ["size"] = file.Size, ["pointerSize"] = file.Pointer.Length };
        if (lastCommit is not null)
            json["lastCommit"] = new JsonObject { ["id"] = lastCommit.Id, ["title"] = lastCommit.Title, ["date"] = RepoStore.Iso(lastCommit.Date) };
        return json;
    }

    async Task<int> TreeAsync(HubRequest r, RepoId id, string revision, string? path)
    {
        Readable(r, id);
        bool recursive = r.QueryFlag("recursive");
        bool expand = r.QueryFlag("expand");
        int pageSize = Math.Max(1, _options.PageSize);
        if (int.TryParse(r.QueryValue("limit"), out int limit) && limit > 0)
            pageSize = Math.Min(pageSize, limit);
        int start = 0;
        CommitRecord commit;
        if (r.QueryValue("cursor") is { Length: > 0 } cursor)
        {
            // the cursor pins the commit of the first page: a branch that moves does not shift the pages
            var (commitId, offset) = DecodeCursor(cursor);
            Readable(r, id);
            commit = _store.Resolve(id, commitId);
            start = offset;
        }
        else
            commit = ResolveRevision(id, revision);
        if (path is not null && !commit.Files.Keys.Any(f => f.StartsWith(path + "/", StringComparison.Ordinal)))
            throw HubHttpException.EntryNotFound($"Entry not found: no folder '{path}' at {revision}.");
        var entries = Entries(commit, path, recursive);
        var page = entries.Skip(start).Take(pageSize).ToList();
        IReadOnlyDictionary<string, CommitRecord>? last = expand ? LastCommits(id, commit, page.Select(p => p.Path).ToList()) : null;
        var list = new JsonArray();
        foreach (var (entryPath, file) in page)
            list.Add(EntryJson(commit, entryPath, file, last?.GetValueOrDefault(entryPath)));
        if (start + pageSize < entries.Count)
        {
            string next = $"{r.BaseUrl}/{id.ApiPath}/tree/{Revision.Encode(revision)}{(path is null ? "" : "/" + RepoPath.Encode(path))}" +
                $"?recursive={(recursive ? "true" : "false")}&expand={(expand ? "true" : "false")}&cursor={EncodeCursor(commit.Id, start + pageSize)}" +
                (limit > 0 ? $"&limit={limit}" : "");
            r.Response.Headers["Link"] = $"<{next}>; rel=\"next\"";
        }
        return await r.WriteJsonAsync(list);
    }

    static string EncodeCursor(string commitId, int offset) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{commitId}:{offset}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static (string CommitId, int Offset) DecodeCursor(string cursor)
    {
        try
        {
            string padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            string text = Encoding.ASCII.GetString(Convert.FromBase64String(padded));
            int colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon == 40 && Revision.IsCommitId(text[..colon]) && int.TryParse(text[(colon + 1)..], out int offset) && offset >= 0)
                return (text[..colon], offset);
        }
        catch (FormatException) { }
        throw HubHttpException.BadRequest("Invalid cursor.");
    }

    /// <summary>For each path (file or folder), the newest commit that changed it, walking back from <paramref name="head"/>.</summary>
    IReadOnlyDictionary<string, CommitRecord> LastCommits(RepoId id, CommitRecord head, IReadOnlyList<string> paths)
    {
        var found = new Dictionary<string, CommitRecord>(StringComparer.Ordinal);
        var pending = paths.ToHashSet(StringComparer.Ordinal);
        int walked = 0;
        foreach (CommitRecord commit in _store.History(id, head))
        {
            if (pending.Count == 0)
                break;
            IReadOnlyDictionary<string, FileEntry> before = commit.Parent is null
                ? new Dictionary<string, FileEntry>() : _store.Commit(id, commit.Parent).Files;
            foreach (string path in pending.ToList())
            {
                if (Changed(commit.Files, before, path) || ++walked > 100_000)
                {
                    found[path] = commit;
                    pending.Remove(path);
                }
            }
        }
        return found;
    }

    static bool Changed(IReadOnlyDictionary<string, FileEntry> after, IReadOnlyDictionary<string, FileEntry> before, string path)
    {
        if (after.TryGetValue(path, out FileEntry? a) || before.ContainsKey(path))
            return !before.TryGetValue(path, out FileEntry? b) || a != b;
        string prefix = path + "/";
        var left = after.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal));
        var right = before.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal));
        return !left.SequenceEqual(right);
    }

    async Task<int> PathsInfoAsync(HubRequest r, RepoId id, string revision)
    {
        Readable(r, id);
        byte[] body = await r.ReadBodyAsync(_options.MaxJsonBody);
        var paths = new List<string>();
        bool expand = false;
        string contentType = r.Request.ContentType ?? "";
        if (contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            JsonObject json = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
            paths.AddRange(json["paths"]!.AsArray().Select(p => p!.GetValue<string>()));
            expand = json["expand"]?.GetValue<bool>() ?? false;
        }
        else
        {
            foreach (var (key, value) in HubRequest.ParseQuery(Encoding.UTF8.GetString(body)))
            {
                if (key is "paths" or "paths[]")
                    paths.Add(value);
                else if (key == "expand")
                    expand = value is "true" or "True" or "1";
            }
        }
        CommitRecord commit = ResolveRevision(id, revision);
        var list = new JsonArray();
        var shown = new List<(string, FileEntry?)>();
        foreach (string raw in paths.Distinct())
        {
            string path = raw.TrimEnd('/');
            if (!RepoPath.IsValid(path))
                continue;
            if (commit.Files.TryGetValue(path, out FileEntry? file))
                shown.Add((path, file));
            else if (commit.Files.Keys.Any(f => f.StartsWith(path + "/", StringComparison.Ordinal)))
                shown.Add((path, null));
        }
        var last = expand ? LastCommits(id, commit, shown.Select(s => s.Item1).ToList()) : null;
        foreach (var (path, file) in shown)
            list.Add(EntryJson(commit, path, file, last?.GetValueOrDefault(path)));
        return await r.WriteJsonAsync(list);
    }

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
        ResolveRevision(id, start);
        if (!await _store.CreateBranchAsync(id, branch, start))
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

    /// <summary>
    /// <c>POST /api/validate-yaml</c> ({content, repoType}): checks the README's front matter as far as a server without a
    /// YAML library can — present, closed, indented with spaces, top-level <c>key: value</c> lines. 200 when valid, 400 with the reason.
    /// </summary>
    async Task<int> ValidateYamlAsync(HubRequest r)
    {
        JsonObject body = (await r.ReadJsonAsync(_options.MaxJsonBody))?.AsObject() ?? throw HubHttpException.BadRequest("The body must be a JSON object.");
        string content = body["content"]?.GetValue<string>() ?? throw HubHttpException.BadRequest("'content' is missing.");
        if (YamlFrontMatter.Check(content) is { } error)
            throw HubHttpException.BadRequest(error);
        return await r.WriteJsonAsync(new JsonObject { ["errors"] = new JsonArray(), ["warnings"] = new JsonArray() });
    }

    static byte[] DecodeContent(string content, string? encoding) => encoding switch
    {
        "base64" => Convert.FromBase64String(content),
        null or "utf-8" or "utf8" => Encoding.UTF8.GetBytes(content),
        _ => throw HubHttpException.BadRequest($"Unknown encoding '{encoding}': use 'base64' or 'utf-8'."),
    };
}
