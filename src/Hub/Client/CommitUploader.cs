using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Client;

/// <summary>
/// <c>HfApi.create_commit</c>: <c>POST /api/{type}s/{repo}/preupload/{rev}</c> (a 512-byte sample and the size of each
/// added file) says which go through LFS; those are uploaded by <see cref="LfsUploader"/>; then one NDJSON
/// <c>POST /api/{type}s/{repo}/commit/{rev}</c>: a <c>header</c> line (summary, description), a <c>file</c> line
/// (base64) per regular file, an <c>lfsFile</c> line (sha256, size) per LFS file and a <c>deletedFile</c> line per
/// deletion. Returns the new commit id.
/// </summary>
public sealed class CommitUploader(HubHttp http, TextWriter? progress = null)
{
    const int PreuploadBatch = 256;
    const int SampleBytes = 512;

    public async Task<string> CommitAsync(RepoId repo, IReadOnlyList<CommitOperation> operations, string summary,
        string revision = Revision.Main, string? description = null, CancellationToken cancel = default)
    {
        Revision.Validate(revision);
        var adds = operations.OfType<AddFile>().ToList();
        HashSet<string> lfs = await PreuploadAsync(repo, revision, adds, cancel).ConfigureAwait(false);
        var objects = new Dictionary<string, LfsObject>(StringComparer.Ordinal);
        foreach (AddFile add in adds.Where(a => lfs.Contains(a.PathInRepo)))
        {
            await using var file = File.OpenRead(add.LocalPath);
            objects[add.PathInRepo] = new LfsObject(GitHashes.Sha256(file), file.Length, add.LocalPath);
        }
        await new LfsUploader(http, progress).UploadAsync(repo, revision, objects.Values.ToList(), cancel).ConfigureAwait(false);

        using var payload = new MemoryStream();
        WriteLine(payload, "header", new JsonObject { ["summary"] = summary, ["description"] = description ?? "" });
        foreach (CommitOperation op in operations)
        {
            JsonObject value = op switch
            {
                AddFile add when objects.TryGetValue(add.PathInRepo, out var o) =>
                    new JsonObject { ["path"] = add.PathInRepo, ["algo"] = "sha256", ["oid"] = o.Oid, ["size"] = o.Size },
                AddFile add => new JsonObject
                {
                    ["content"] = Convert.ToBase64String(await File.ReadAllBytesAsync(add.LocalPath, cancel).ConfigureAwait(false)),
                    ["path"] = add.PathInRepo,
                    ["encoding"] = "base64",
                },
                _ => new JsonObject { ["path"] = op.PathInRepo },
            };
            WriteLine(payload, op switch { AddFile a when objects.ContainsKey(a.PathInRepo) => "lfsFile", AddFile => "file", _ => "deletedFile" }, value);
        }
        string what = $"committing to {repo} ({revision})";
        using var response = await http.SendCheckedAsync(HubUrls.Commit(http.Settings.Endpoint, repo, revision), u =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, u) { Content = new ByteArrayContent(payload.ToArray()) };
            request.Content.Headers.ContentType = new("application/x-ndjson");
            return request;
        }, what, cancel).ConfigureAwait(false);
        var answer = RepoListing.Parse(await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false), what);
        return answer?["commitOid"]?.GetValue<string>() is { } oid && Revision.IsCommitId(oid) ? oid
            : throw new HubClientException(HubErrorKind.InvalidAnswer, $"{what}: the answer has no 40-hex 'commitOid'.");
    }

    /// <summary>The repo paths the server wants through LFS (<c>uploadMode: "lfs"</c>).</summary>
    async Task<HashSet<string>> PreuploadAsync(RepoId repo, string revision, List<AddFile> adds, CancellationToken cancel)
    {
        var lfs = new HashSet<string>(StringComparer.Ordinal);
        foreach (AddFile[] chunk in adds.Chunk(PreuploadBatch))
        {
            var files = new JsonArray();
            foreach (AddFile add in chunk)
            {
                var info = new FileInfo(add.LocalPath);
                if (!info.Exists)
                    throw new HubClientException(HubErrorKind.InvalidAnswer, $"cannot upload {add.LocalPath}: no such file.");
                byte[] sample = new byte[Math.Min(SampleBytes, info.Length)];
                await using (var stream = info.OpenRead())
                    await stream.ReadExactlyAsync(sample, cancel).ConfigureAwait(false);
                files.Add(new JsonObject { ["path"] = add.PathInRepo, ["sample"] = Convert.ToBase64String(sample), ["size"] = info.Length });
            }
            string what = $"preupload to {repo} ({revision})";
            using var response = await http.SendCheckedAsync(HubUrls.Preupload(http.Settings.Endpoint, repo, revision),
                u => new HttpRequestMessage(HttpMethod.Post, u) { Content = JsonContent.Create(new JsonObject { ["files"] = files }) },
                what, cancel).ConfigureAwait(false);
            var answer = RepoListing.Parse(await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false), what);
            foreach (JsonNode? file in answer?["files"] as JsonArray ?? [])
            {
                if (file?["uploadMode"]?.GetValue<string>() == "lfs" && file["path"]?.GetValue<string>() is { } path)
                    lfs.Add(path);
            }
        }
        return lfs;
    }

    static void WriteLine(Stream payload, string key, JsonObject value)
    {
        byte[] line = Encoding.UTF8.GetBytes(new JsonObject { ["key"] = key, ["value"] = value }.ToJsonString() + "\n");
        payload.Write(line);
    }
}
