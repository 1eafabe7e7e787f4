using System.Text;
using System.Text.Json.Nodes;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Server;

public sealed partial class HubServer
{
    sealed record Operation(string Kind, string Path, FileEntry? Entry, string? OldPath);

    /// <summary>
    /// <c>POST /api/{type}s/{repo}/commit/{branch}</c>: NDJSON lines <c>{"key": "header"|"file"|"lfsFile"|"deletedFile"|"deletedFolder", "value": ...}</c>.
    /// The regular files' bytes are stored first (aside, content-addressed); the commit then becomes visible at once when
    /// the branch moves, or not at all.
    /// </summary>
    async Task<int> CommitAsync(HubRequest r, RepoId id, string branch)
    {
        Writable(r, id);
        HubUser user = r.User!;
        if (r.QueryFlag("create_pr"))
            throw HubHttpException.BadRequest("Pull requests are not supported by hf-train hub serve: commit to a branch.");
        ResolveRevision(id, branch);
        if (r.Request.ContentLength64 > _options.MaxCommitBody)
            throw HubHttpException.TooLarge($"The commit ({r.Request.ContentLength64} bytes) is larger than the {_options.MaxCommitBody} bytes allowed: send large files through LFS.");
        string? summary = null, description = null, parent = null;
        var operations = new List<Operation>();
        bool first = true;
        await foreach (byte[] line in Lines(r.Request.InputStream, _options.MaxCommitBody))
        {
            JsonObject item = JsonNode.Parse(line)?.AsObject() ?? throw HubHttpException.BadRequest("A commit line is not a JSON object.");
            string key = item["key"]?.GetValue<string>() ?? throw HubHttpException.BadRequest("A commit line has no 'key'.");
            JsonObject value = item["value"]?.AsObject() ?? throw HubHttpException.BadRequest($"The '{key}' line has no 'value'.");
            if (first != (key == "header"))
                throw HubHttpException.BadRequest("The first line of a commit, and only it, is the 'header'.");
            first = false;
            switch (key)
            {
                case "header":
                    summary = value["summary"]?.GetValue<string>();
                    description = value["description"]?.GetValue<string>();
                    parent = value["parentCommit"]?.GetValue<string>();
                    if (parent is not null && !Revision.IsCommitId(parent))
                        throw HubHttpException.BadRequest($"parentCommit '{RepoId.Shown(parent)}' is not a 40-hex commit id.");
                    break;
                case "file":
                {
                    string path = RepoPath.Validate(value["path"]?.GetValue<string>());
                    if (value["oldPath"] is not null)
                        throw HubHttpException.BadRequest("Renaming regular files ('oldPath' in a 'file' line) is not supported.");
                    byte[] content = DecodeContent(value["content"]?.GetValue<string>() ?? throw HubHttpException.BadRequest($"'{path}' has no content."),
                        value["encoding"]?.GetValue<string>());
                    string sha = GitHashes.Sha256(content);
                    _store.StoreBlob(id, sha, content);
                    operations.Add(new Operation("file", path, new FileEntry(sha, content.Length, false) { GitOid = GitHashes.BlobSha1(content) }, null));
                    break;
                }
                case "lfsFile":
                {
                    string path = RepoPath.Validate(value["path"]?.GetValue<string>());
                    string? oid = value["oid"]?.GetValue<string>();
                    string? oldPath = value["oldPath"]?.GetValue<string>();
                    if (oid is null)
                    {
                        if (oldPath is null)
                            throw HubHttpException.BadRequest($"The LFS file '{path}' has neither an oid nor an oldPath.");
                        operations.Add(new Operation("copy", path, null, RepoPath.Validate(oldPath)));
                        break;
                    }
                    string algo = value["algo"]?.GetValue<string>() ?? "sha256";
                    if (algo != "sha256" || !GitHashes.IsSha256(oid))
                        throw HubHttpException.BadRequest($"The LFS file '{path}' must name a sha256 oid.");
                    long? stored = _store.BlobSize(id, oid);
                    long size = value["size"]?.GetValue<long>() ?? stored ?? -1;
                    if (stored is null || stored != size)
                        throw new HubHttpException(422, $"The LFS object {oid} of '{path}' was not uploaded (or not with {size} bytes): upload it through the LFS batch endpoint first.");
                    operations.Add(new Operation("lfsFile", path, FileEntry.LfsFile(oid, size), null));
                    break;
                }
                case "deletedFile":
                    operations.Add(new Operation("deletedFile", RepoPath.Validate(value["path"]?.GetValue<string>()), null, null));
                    break;
                case "deletedFolder":
                    operations.Add(new Operation("deletedFolder", RepoPath.Validate(value["path"]?.GetValue<string>()?.TrimEnd('/')), null, null));
                    break;
                default:
                    throw HubHttpException.BadRequest($"Unknown commit line key '{RepoId.Shown(key)}': use header, file, lfsFile, deletedFile or deletedFolder.");
            }
        }
        if (first)
            throw HubHttpException.BadRequest("The commit is empty: it needs a 'header' line.");
        CommitRecord commit;
        try
        {
            commit = await _store.CommitAsync(id, branch, parent, string.IsNullOrWhiteSpace(summary) ? "Commit" : summary!, description ?? "",
                user.Name, files => Apply(id, files, operations));
        }
        catch (ConflictException e)
        {
            throw new HubHttpException(412, e.Message);
        }
        return await r.WriteJsonAsync(new JsonObject
        {
            ["success"] = true,
            ["commitOid"] = commit.Id,
            ["commitUrl"] = $"{r.BaseUrl}/{id.UrlPath}/commit/{commit.Id}",
            ["commitMessage"] = commit.Summary,
            ["hookOutput"] = "",
            ["pullRequestUrl"] = null,
        });
    }

    SortedDictionary<string, FileEntry> Apply(RepoId id, IReadOnlyDictionary<string, FileEntry> head, List<Operation> operations)
    {
        var files = new SortedDictionary<string, FileEntry>(head.ToDictionary(), StringComparer.Ordinal);
        var lfsPaths = new List<string>();
        foreach (Operation op in operations)
        {
            switch (op.Kind)
            {
                case "file":
                    files[op.Path] = op.Entry!;
                    break;
                case "lfsFile":
                    files[op.Path] = op.Entry!;
                    lfsPaths.Add(op.Path);
                    break;
                case "copy":
                    files[op.Path] = head.TryGetValue(op.OldPath!, out FileEntry? source)
                        ? source : throw new EntryNotFoundException($"Cannot copy '{op.OldPath}': no such file.");
                    if (source.Lfs)
                        lfsPaths.Add(op.Path);
                    break;
                case "deletedFile":
                    if (!files.Remove(op.Path))
                        throw new EntryNotFoundException($"Cannot delete '{op.Path}': no such file.");
                    break;
                case "deletedFolder":
                    var under = files.Keys.Where(f => f.StartsWith(op.Path + "/", StringComparison.Ordinal)).ToList();
                    if (under.Count == 0)
                        throw new EntryNotFoundException($"Cannot delete folder '{op.Path}': no such folder.");
                    foreach (string f in under)
                        files.Remove(f);
                    break;
            }
        }
        foreach (string path in files.Keys)
        {
            for (int i = path.IndexOf('/', StringComparison.Ordinal); i >= 0; i = path.IndexOf('/', i + 1))
            {
                if (files.ContainsKey(path[..i]))
                    throw new BadRequestException($"'{path[..i]}' cannot be both a file and a folder (of '{path}').");
            }
        }
        // as the Hub: an LFS file that .gitattributes does not track gets a line there
        string? attributesText = files.TryGetValue(".gitattributes", out FileEntry? attributesEntry)
            ? File.ReadAllText(_store.BlobPath(id, attributesEntry.Sha256)) : null;
        var attributes = new GitAttributes(attributesText);
        var missing = lfsPaths.Distinct().Where(p => !attributes.IsLfs(p)).ToList();
        if (missing.Count > 0)
        {
            string text = attributesText ?? "";
            if (text.Length > 0 && !text.EndsWith('\n'))
                text += "\n";
            text += string.Concat(missing.Select(GitAttributes.LfsLine));
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            string sha = GitHashes.Sha256(bytes);
            _store.StoreBlob(id, sha, bytes);
            files[".gitattributes"] = new FileEntry(sha, bytes.Length, false) { GitOid = GitHashes.BlobSha1(bytes) };
        }
        return files;
    }

    /// <summary>The lines of an NDJSON body, refusing a body past <paramref name="limit"/> bytes.</summary>
    static async IAsyncEnumerable<byte[]> Lines(Stream input, long limit)
    {
        byte[] buffer = new byte[1 << 16];
        var line = new MemoryStream();
        long total = 0;
        int read;
        while ((read = await input.ReadAsync(buffer)) > 0)
        {
            total += read;
            if (total > limit)
                throw HubHttpException.TooLarge($"The commit is larger than the {limit} bytes allowed: send large files through LFS.");
            int start = 0;
            while (true)
            {
                int newline = Array.IndexOf(buffer, (byte)'\n', start, read - start);
                if (newline < 0)
                {
                    line.Write(buffer, start, read - start);
                    break;
                }
                line.Write(buffer, start, newline - start);
                if (line.Length > 0 && !IsBlank(line))
                    yield return line.ToArray();
                line.SetLength(0);
                start = newline + 1;
            }
        }
        if (line.Length > 0 && !IsBlank(line))
            yield return line.ToArray();
    }

    static bool IsBlank(MemoryStream line) => line.GetBuffer().AsSpan(0, (int)line.Length).Trim("\r\t "u8).IsEmpty;
}
