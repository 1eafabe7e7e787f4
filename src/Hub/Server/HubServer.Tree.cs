using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Server;

public sealed partial class HubServer
{
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
}
