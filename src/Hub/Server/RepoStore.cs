using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Server;

/// <summary>
/// The repos under <c>--root</c>: a content-addressed blob store per repo, immutable commit records and branch refs.
/// Every file is written aside (<c>tmp/</c>) and renamed into place; a commit becomes visible only when its branch ref
/// (<c>refs.json</c>) is renamed over the old one, so a crash at any point leaves either the old or the new state.
/// Layout: <c>{models|datasets}/{namespace}/{name}/{repo.json, refs.json, commits/{id}.json, blobs/{aa}/{sha256}}</c>.
/// </summary>
internal sealed partial class RepoStore
{
    readonly string _root;
    readonly string _tmp;
    readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, CommitRecord> _commits = new(StringComparer.Ordinal);
    readonly SemaphoreSlim _createLock = new(1, 1);

    public RepoStore(string root)
    {
        _root = Path.GetFullPath(root);
        _tmp = Path.Combine(_root, "tmp");
        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(_tmp);
        foreach (string stale in Directory.EnumerateFileSystemEntries(_tmp))
        {
            // what a crash left half-written: never visible, safe to drop
            try
            {
                if (Directory.Exists(stale))
                    Directory.Delete(stale, true);
                else
                    File.Delete(stale);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    public string Root => _root;

    /// <summary>A new file name under <c>tmp/</c>, for writing aside.</summary>
    public string TempPath(string kind) => Path.Combine(_tmp, $"{kind}-{Guid.NewGuid():N}");

    string RepoDir(RepoId id) =>
        // RepoId allows only [A-Za-z0-9._-] without "..": every part is one plain folder name under the root
        Path.Combine(_root, id.Type.Plural(), id.Namespace ?? throw new RepoNotFoundException($"Repository {id.Id} not found."), id.Name);

    public bool Exists(RepoId id) => File.Exists(Path.Combine(RepoDir(id), "repo.json"));

    public RepoInfo? Find(RepoId id)
    {
        if (id.Namespace is null)
            return null;
        string file = Path.Combine(RepoDir(id), "repo.json");
        if (!File.Exists(file))
            return null;
        var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        return new RepoInfo(id, json["private"]?.GetValue<bool>() ?? false,
            DateTimeOffset.Parse(json["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    public RepoInfo Get(RepoId id) => Find(id) ?? throw new RepoNotFoundException($"Repository {id.Id} not found.");

    /// <summary>Creates the repo with its first commit (a <c>.gitattributes</c>, as the Hub does); false when it exists.</summary>
    public async Task<bool> CreateAsync(RepoId id, bool isPrivate, string author)
    {
        await _createLock.WaitAsync();
        try
        {
            string dir = RepoDir(id);
            if (Directory.Exists(dir) || Existing(id) is not null)
                return false;
            string staging = TempPath("repo");
            Directory.CreateDirectory(staging);
            DateTimeOffset now = DateTimeOffset.UtcNow;
            WriteJson(Path.Combine(staging, "repo.json"), new JsonObject
            {
                ["id"] = id.Id, ["type"] = id.Type.Name(), ["private"] = isPrivate, ["createdAt"] = Iso(now),
            });
            byte[] attributes = Encoding.UTF8.GetBytes(GitAttributes.Default(id.Type));
            string sha = GitHashes.Sha256(attributes);
            WriteBlob(staging, sha, attributes);
            var files = new SortedDictionary<string, FileEntry>(StringComparer.Ordinal)
            {
                [".gitattributes"] = new FileEntry(sha, attributes.Length, false) { GitOid = GitHashes.BlobSha1(attributes) },
            };
            CommitRecord first = WriteCommit(staging, null, "initial commit", "", author, now, files);
            WriteJson(Path.Combine(staging, "refs.json"), new JsonObject { [Revision.Main] = first.Id });
            Directory.CreateDirectory(Path.GetDirectoryName(dir)!);
            Directory.Move(staging, dir);
            return true;
        }
        finally
        {
            _createLock.Release();
        }
    }

    /// <summary>A repo whose id differs only in case (the Hub's ids are case-insensitive), or null.</summary>
    RepoId? Existing(RepoId id)
    {
        string typeDir = Path.Combine(_root, id.Type.Plural());
        if (!Directory.Exists(typeDir))
            return null;
        foreach (string ns in Directory.EnumerateDirectories(typeDir))
        {
            if (!string.Equals(Path.GetFileName(ns), id.Namespace, StringComparison.OrdinalIgnoreCase))
                continue;
            foreach (string name in Directory.EnumerateDirectories(ns))
            {
                if (string.Equals(Path.GetFileName(name), id.Name, StringComparison.OrdinalIgnoreCase))
                    return RepoId.Create(Path.GetFileName(ns), Path.GetFileName(name), id.Type);
            }
        }
        return null;
    }

    public async Task DeleteAsync(RepoId id)
    {
        SemaphoreSlim gate = Lock(id);
        await gate.WaitAsync();
        try
        {
            Get(id);
            string trash = TempPath("deleted");
            Directory.Move(RepoDir(id), trash);
            Directory.Delete(trash, true);
        }
        finally
        {
            gate.Release();
        }
    }

    public void SetPrivate(RepoId id, bool isPrivate)
    {
        RepoInfo info = Get(id);
        WriteJsonAtomic(Path.Combine(RepoDir(id), "repo.json"), new JsonObject
        {
            ["id"] = id.Id, ["type"] = id.Type.Name(), ["private"] = isPrivate, ["createdAt"] = Iso(info.CreatedAt),
        });
    }

    // ---- refs and commits

    public IReadOnlyDictionary<string, string> Refs(RepoId id)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoDir(id), "refs.json")))!.AsObject();
        return json.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
    }

    /// <summary>The commit a revision names: a branch, or the 40-hex id of a commit of this repo.</summary>
    public CommitRecord Resolve(RepoId id, string revision)
    {
        Get(id);
        if (revision == "HEAD")
            revision = Revision.Main;   // the default branch, as git's HEAD
        if (Refs(id).TryGetValue(revision, out string? head))
            return Commit(id, head);
        if (Revision.IsCommitId(revision) && File.Exists(CommitFile(RepoDir(id), revision)))
            return Commit(id, revision);
        throw new RevisionNotFoundException($"Invalid rev id: {revision}");
    }

    public CommitRecord Commit(RepoId id, string commitId)
    {
        string key = $"{id.Type.Plural()}/{id.Id}@{commitId}";
        if (_commits.TryGetValue(key, out CommitRecord? cached))
            return cached;
        CommitRecord commit = ReadCommit(File.ReadAllBytes(CommitFile(RepoDir(id), commitId)), commitId);
        _commits[key] = commit;
        return commit;
    }

    /// <summary>The commits from <paramref name="head"/> back to the first, newest first.</summary>
    public IEnumerable<CommitRecord> History(RepoId id, CommitRecord head)
    {
        for (CommitRecord? c = head; c is not null; c = c.Parent is null ? null : Commit(id, c.Parent))
            yield return c;
    }

    static string CommitFile(string repoDir, string commitId) => Path.Combine(repoDir, "commits", commitId + ".json");

    /// <summary>
    /// Applies <paramref name="change"/> to the head of <paramref name="branch"/> and moves the branch, under the repo's
    /// lock: concurrent commits are serialized, each on the previous one. The blobs must already be stored.
    /// </summary>
    public async Task<CommitRecord> CommitAsync(RepoId id, string branch, string? expectedParent, string summary, string description,
        string author, Func<IReadOnlyDictionary<string, FileEntry>, SortedDictionary<string, FileEntry>> change)
    {
        SemaphoreSlim gate = Lock(id);
        await gate.WaitAsync();
        try
        {
            Get(id);
            var refs = Refs(id).ToDictionary(StringComparer.Ordinal);
            if (!refs.TryGetValue(branch, out string? headId))
                throw new RevisionNotFoundException($"Invalid rev id: {branch} is not a branch of {id.Id}.");
            if (expectedParent is not null && expectedParent != headId)
                throw new ConflictException($"A commit has happened since {expectedParent}: the head of {branch} is {headId}. Please refresh and try again.");
            CommitRecord head = Commit(id, headId);
            SortedDictionary<string, FileEntry> files = change(head.Files);
            string dir = RepoDir(id);
            CommitRecord commit = WriteCommit(dir, headId, summary, description, author, DateTimeOffset.UtcNow, files);
            refs[branch] = commit.Id;
            WriteRefs(dir, refs);
            return commit;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Creates <paramref name="branch"/> at <paramref name="startingPoint"/> (a revision), or on a new commit without
    /// files when <paramref name="empty"/>; false when it exists and <paramref name="overwrite"/> is not set.
    /// </summary>
    public async Task<bool> CreateBranchAsync(RepoId id, string branch, string startingPoint, bool empty, bool overwrite, string author)
    {
        SemaphoreSlim gate = Lock(id);
        await gate.WaitAsync();
        try
        {
            var refs = Refs(id).ToDictionary(StringComparer.Ordinal);
            if (refs.ContainsKey(branch) && !overwrite)
                return false;
            refs[branch] = empty
                ? WriteCommit(RepoDir(id), null, $"Create empty branch {branch}", "", author, DateTimeOffset.UtcNow, new Dictionary<string, FileEntry>()).Id
                : Resolve(id, startingPoint).Id;
            WriteRefs(RepoDir(id), refs);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task DeleteBranchAsync(RepoId id, string branch)
    {
        SemaphoreSlim gate = Lock(id);
        await gate.WaitAsync();
        try
        {
            var refs = Refs(id).ToDictionary(StringComparer.Ordinal);
            if (branch == Revision.Main)
                throw new BadRequestException("The main branch cannot be deleted.");
            if (!refs.Remove(branch))
                throw new RevisionNotFoundException($"Invalid rev id: {branch}");
            WriteRefs(RepoDir(id), refs);
        }
        finally
        {
            gate.Release();
        }
    }

    void WriteRefs(string dir, Dictionary<string, string> refs)
    {
        var json = new JsonObject();
        foreach (var (name, target) in refs.OrderBy(p => p.Key, StringComparer.Ordinal))
            json[name] = target;
        WriteJsonAtomic(Path.Combine(dir, "refs.json"), json);
    }

    CommitRecord WriteCommit(string repoDir, string? parent, string summary, string description, string author,
        DateTimeOffset date, IDictionary<string, FileEntry> files)
    {
        var fileMap = new JsonObject();
        foreach (var (path, e) in files.OrderBy(p => p.Key, StringComparer.Ordinal))
            fileMap[path] = new JsonObject { ["sha256"] = e.Sha256, ["size"] = e.Size, ["lfs"] = e.Lfs, ["oid"] = e.GitOid };
        var json = new JsonObject
        {
            ["parent"] = parent, ["summary"] = summary, ["description"] = description, ["author"] = author,
            ["date"] = Iso(date), ["files"] = fileMap,
        };
        byte[] bytes = Encoding.UTF8.GetBytes(json.ToJsonString());
        string commitId = Convert.ToHexStringLower(SHA1.HashData(bytes));
        string file = CommitFile(repoDir, commitId);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        if (!File.Exists(file))
            WriteAtomic(file, bytes);
        return ReadCommit(bytes, commitId);
    }

    static CommitRecord ReadCommit(byte[] bytes, string commitId)
    {
        var json = JsonNode.Parse(bytes)!.AsObject();
        var files = new SortedDictionary<string, FileEntry>(StringComparer.Ordinal);
        foreach (var (path, value) in json["files"]!.AsObject())
        {
            var e = value!.AsObject();
            files[path] = new FileEntry(e["sha256"]!.GetValue<string>(), e["size"]!.GetValue<long>(), e["lfs"]!.GetValue<bool>())
            {
                GitOid = e["oid"]!.GetValue<string>(),
            };
        }
        return new CommitRecord(commitId, json["parent"]?.GetValue<string>(), json["summary"]!.GetValue<string>(),
            json["description"]?.GetValue<string>() ?? "", json["author"]?.GetValue<string>() ?? "",
            DateTimeOffset.Parse(json["date"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), files);
    }

    public IEnumerable<RepoInfo> List(RepoType type)
    {
        string typeDir = Path.Combine(_root, type.Plural());
        if (!Directory.Exists(typeDir))
            yield break;
        foreach (string ns in Directory.EnumerateDirectories(typeDir).Order(StringComparer.Ordinal))
        {
            foreach (string name in Directory.EnumerateDirectories(ns).Order(StringComparer.Ordinal))
            {
                if (RepoId.TryParse($"{Path.GetFileName(ns)}/{Path.GetFileName(name)}", type, out RepoId? id) && Find(id) is { } info)
                    yield return info;
            }
        }
    }

    SemaphoreSlim Lock(RepoId id) => _locks.GetOrAdd($"{id.Type.Plural()}/{id.Id}", _ => new SemaphoreSlim(1, 1));

    // ---- files written aside and renamed

    void WriteJson(string path, JsonObject json) => WriteAtomic(path, Encoding.UTF8.GetBytes(json.ToJsonString()));

    void WriteJsonAtomic(string path, JsonObject json) => WriteJson(path, json);

    void WriteAtomic(string path, byte[] bytes)
    {
        string temp = TempPath("file");
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    public static string Iso(DateTimeOffset date) =>
        date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

}
