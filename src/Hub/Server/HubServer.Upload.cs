using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Server;

public sealed partial class HubServer
{
    // ---- preupload: lfs or regular

    async Task<int> PreuploadAsync(HubRequest r, RepoId id, string revision)
    {
        Writable(r, id);
        JsonObject body = (await r.ReadJsonAsync(_options.MaxJsonBody))?.AsObject() ?? throw HubHttpException.BadRequest("The body must be a JSON object.");
        CommitRecord head = ResolveRevision(id, revision);
        string? attributesText = body["gitAttributes"]?.GetValue<string>() ?? ReadText(id, head, ".gitattributes");
        var attributes = new GitAttributes(attributesText);
        var files = new JsonArray();
        foreach (JsonNode? node in body["files"]?.AsArray() ?? throw HubHttpException.BadRequest("'files' is missing."))
        {
            JsonObject file = node!.AsObject();
            string path = RepoPath.Validate(file["path"]?.GetValue<string>());
            long size = file["size"]?.GetValue<long>() ?? 0;
            byte[] sample = Convert.FromBase64String(file["sample"]?.GetValue<string>() ?? "");
            bool lfs = size > 0 && (size >= _options.LfsThreshold || attributes.IsLfs(path) || LooksBinary(sample));
            var answer = new JsonObject { ["path"] = path, ["uploadMode"] = lfs ? "lfs" : "regular", ["shouldIgnore"] = false };
            if (head.Files.TryGetValue(path, out FileEntry? existing))
                answer["oid"] = existing.Lfs ? existing.Sha256 : existing.GitOid;
            files.Add(answer);
        }
        return await r.WriteJsonAsync(new JsonObject { ["files"] = files, ["commitOid"] = head.Id });
    }

    /// <summary>Binary as git sees it: a NUL byte, or bytes that are not UTF-8 (a sequence cut by the 512-byte sample is fine).</summary>
    internal static bool LooksBinary(ReadOnlySpan<byte> sample)
    {
        if (sample.Contains((byte)0))
            return true;
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        try
        {
            char[] chars = new char[sample.Length + 1];
            decoder.GetChars(sample, chars, flush: false);   // flush: false keeps a cut sequence at the end pending
            return false;
        }
        catch (DecoderFallbackException)
        {
            return true;
        }
    }

    string? ReadText(RepoId id, CommitRecord commit, string path) =>
        commit.Files.TryGetValue(path, out FileEntry? entry) && entry.Size < 1024 * 1024
            ? File.ReadAllText(_store.BlobPath(id, entry.Sha256)) : null;

    // ---- LFS: batch, PUT (basic and parts), multipart completion, verify

    async Task<int> RouteLfsAsync(HubRequest r, RepoId id, List<string> rest, string method)
    {
        // info/lfs/objects/batch | info/lfs/objects/{oid} | info/lfs/objects/{oid}/part/{n} | info/lfs/objects/{oid}/complete | info/lfs/verify
        if (rest.Count < 3 || rest[0] != "info" || rest[1] != "lfs")
            throw new HubHttpException(404, "Not found: hf-train hub serve speaks the LFS API of a repo, not git.");
        var s = rest.Skip(2).ToList();
        if (s is ["objects", "batch"])
            return method == "POST" ? await BatchAsync(r, id) : NotAllowed();
        if (s is ["verify"])
            return method == "POST" ? await VerifyAsync(r, id) : NotAllowed();
        if (s.Count == 2 && s[0] == "objects" && method == "PUT")
            return await PutObjectAsync(r, id, s[1]);
        if (s.Count == 4 && s[0] == "objects" && s[2] == "part" && method == "PUT" && int.TryParse(s[3], out int part))
            return await PutPartAsync(r, id, s[1], part);
        if (s.Count == 3 && s[0] == "objects" && s[2] == "complete" && method == "POST")
            return await CompleteMultipartAsync(r, id, s[1]);
        throw new HubHttpException(404, "Not found.");
    }

    async Task<int> BatchAsync(HubRequest r, RepoId id)
    {
        Writable(r, id);
        JsonObject body = (await r.ReadJsonAsync(_options.MaxJsonBody))?.AsObject() ?? throw HubHttpException.BadRequest("The body must be a JSON object.");
        string operation = body["operation"]?.GetValue<string>() ?? "";
        if (operation != "upload")
            throw new HubHttpException(422, $"Only the 'upload' operation is supported (got '{operation}'); download files with /resolve/.");
        var transfers = body["transfers"]?.AsArray().Select(t => t?.GetValue<string>()).ToHashSet() ?? ["basic"];
        if (!transfers.Contains("basic"))
            throw new HubHttpException(422, "hf-train hub serve offers the 'basic' and 'multipart' LFS transfers, not Xet: set HF_HUB_DISABLE_XET=1.");
        bool multipartAllowed = transfers.Contains("multipart") && _options.MultipartThreshold > 0;
        string hashAlgo = body["hash_algo"]?.GetValue<string>() ?? "sha256";
        if (hashAlgo is not ("sha256" or "sha_256"))
            throw new HubHttpException(422, $"Unsupported hash_algo '{hashAlgo}': use sha256.");
        long expires = DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds();
        string lfsBase = $"{r.BaseUrl}/{id.UrlPath}.git/info/lfs";
        var objects = new JsonArray();
        bool usedMultipart = false;
        foreach (JsonNode? node in body["objects"]?.AsArray() ?? throw HubHttpException.BadRequest("'objects' is missing."))
        {
            JsonObject o = node!.AsObject();
            string oid = o["oid"]?.GetValue<string>() ?? "";
            long size = o["size"]?.GetValue<long>() ?? -1;
            var answer = new JsonObject { ["oid"] = oid, ["size"] = size };
            if (!GitHashes.IsSha256(oid) || size < 0)
                answer["error"] = new JsonObject { ["code"] = 422, ["message"] = "The oid must be a lowercase sha256 and the size at least 0." };
            else if (size > _options.MaxLfsFileSize)
                answer["error"] = new JsonObject { ["code"] = 422, ["message"] = $"The file is larger than the {_options.MaxLfsFileSize} bytes allowed." };
            else if (_store.BlobSize(id, oid) != size)
            {
                answer["authenticated"] = true;
                var actions = new JsonObject();
                if (multipartAllowed && size >= _options.MultipartThreshold)
                {
                    usedMultipart = true;
                    long chunk = _options.MultipartChunkSize;
                    long parts = Math.Max(1, (size + chunk - 1) / chunk);
                    var header = new JsonObject { ["chunk_size"] = chunk.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                    for (long n = 1; n <= parts; n++)
                        header[n.ToString("00000", System.Globalization.CultureInfo.InvariantCulture)] = $"{lfsBase}/objects/{oid}/part/{n}?{Signed(id, oid, size, expires, $"part{n}")}";
                    actions["upload"] = new JsonObject { ["href"] = $"{lfsBase}/objects/{oid}/complete?{Signed(id, oid, size, expires, "complete")}", ["header"] = header, ["expires_in"] = 7200 };
                }
                else
                    actions["upload"] = new JsonObject { ["href"] = $"{lfsBase}/objects/{oid}?{Signed(id, oid, size, expires, "upload")}", ["expires_in"] = 7200 };
                actions["verify"] = new JsonObject { ["href"] = $"{lfsBase}/verify?{Signed(id, oid, size, expires, "verify")}", ["expires_in"] = 7200 };
                answer["actions"] = actions;
            }
            objects.Add(answer);
        }
        return await r.WriteJsonAsync(new JsonObject { ["transfer"] = usedMultipart ? "multipart" : "basic", ["objects"] = objects, ["hash_algo"] = "sha256" },
            contentType: "application/vnd.git-lfs+json");
    }

    /// <summary>The query of a signed URL: the upload hrefs carry no token (clients PUT them without one), so they carry a signature.</summary>
    string Signed(RepoId id, string oid, long size, long expires, string purpose) =>
        $"size={size}&expires={expires}&sig={Signature(id, oid, size, expires, purpose)}";

    string Signature(RepoId id, string oid, long size, long expires, string purpose) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes($"{id.Type.Plural()}/{id.Id}\n{oid}\n{size}\n{expires}\n{purpose}")));

    /// <summary>Checks the signature of an upload URL and returns the size it was signed for.</summary>
    long CheckSigned(HubRequest r, RepoId id, string oid, string purpose)
    {
        if (!GitHashes.IsSha256(oid) || !long.TryParse(r.QueryValue("size"), out long size) || !long.TryParse(r.QueryValue("expires"), out long expires))
            throw HubHttpException.Forbidden("This upload URL is not one the LFS batch endpoint gave.");
        byte[] expected = Encoding.ASCII.GetBytes(Signature(id, oid, size, expires, purpose));
        byte[] given = Encoding.ASCII.GetBytes(r.QueryValue("sig") ?? "");
        if (given.Length != expected.Length || !CryptographicOperations.FixedTimeEquals(expected, given))
            throw HubHttpException.Forbidden("This upload URL is not one the LFS batch endpoint gave (bad signature).");
        if (DateTimeOffset.UtcNow.ToUnixTimeSeconds() > expires)
            throw HubHttpException.Forbidden("This upload URL has expired: ask the LFS batch endpoint again.");
        if (_store.Find(id) is null)
            throw HubHttpException.RepoNotFound(id, anonymous: false);
        return size;
    }

    async Task<int> PutObjectAsync(HubRequest r, RepoId id, string oid)
    {
        long size = CheckSigned(r, id, oid, "upload");
        string temp = await ReceiveAsync(r, size, size, exact: true);
        try
        {
            string sha = HashFile(temp);
            if (sha != oid)
                throw HubHttpException.BadRequest($"The uploaded content's sha256 is {sha}, not {oid}: nothing was stored.");
            _store.AdoptBlob(id, oid, temp);
        }
        finally
        {
            File.Delete(temp);
        }
        r.Response.Headers["ETag"] = $"\"{oid}\"";
        return r.Empty(200);
    }

    /// <summary>Streams the body to a temporary file, refusing more than <paramref name="max"/> bytes (or other than it, when exact).</summary>
    async Task<string> ReceiveAsync(HubRequest r, long expected, long max, bool exact)
    {
        long declared = r.Request.ContentLength64;
        if (declared > max || (exact && declared >= 0 && declared != expected))
            throw HubHttpException.BadRequest($"The body is {declared} bytes; {expected} were announced to the LFS batch endpoint.");
        string temp = _store.TempPath("upload");
        long total = 0;
        try
        {
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                byte[] buffer = new byte[1 << 16];
                int read;
                Stream input = r.Request.InputStream;
                while ((read = await input.ReadAsync(buffer)) > 0)
                {
                    total += read;
                    if (total > max)
                        throw HubHttpException.BadRequest($"The body is larger than the {expected} bytes announced to the LFS batch endpoint.");
                    await output.WriteAsync(buffer.AsMemory(0, read));
                }
                output.Flush(flushToDisk: true);
            }
            if (exact && total != expected)
                throw HubHttpException.BadRequest($"The body has {total} bytes, not the {expected} announced: nothing was stored.");
            return temp;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    static string HashFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return GitHashes.Sha256(stream);
    }

    string PartsFolder(RepoId id, string oid, long size) =>
        Path.Combine(_store.Root, "tmp", "multipart-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{id.Type.Plural()}/{id.Id}/{oid}/{size}")))[..32]);

    async Task<int> PutPartAsync(HubRequest r, RepoId id, string oid, int part)
    {
        long size = CheckSigned(r, id, oid, $"part{part}");
        long chunk = _options.MultipartChunkSize;
        long parts = Math.Max(1, (size + chunk - 1) / chunk);
        if (part < 1 || part > parts)
            throw HubHttpException.BadRequest($"Part {part} is not one of the {parts} parts.");
        long expected = part < parts ? chunk : size - chunk * (parts - 1);
        string temp = await ReceiveAsync(r, expected, expected, exact: true);
        string folder = PartsFolder(id, oid, size);
        Directory.CreateDirectory(folder);
        string etag = HashFile(temp);
        File.Move(temp, Path.Combine(folder, $"{part:00000}"), overwrite: true);
        r.Response.Headers["ETag"] = $"\"{etag}\"";
        return r.Empty(200);
    }

    async Task<int> CompleteMultipartAsync(HubRequest r, RepoId id, string oid)
    {
        long size = CheckSigned(r, id, oid, "complete");
        await r.ReadBodyAsync(_options.MaxJsonBody);   // the parts' ETags: the server has the parts themselves
        long chunk = _options.MultipartChunkSize;
        long parts = Math.Max(1, (size + chunk - 1) / chunk);
        string folder = PartsFolder(id, oid, size);
        string temp = _store.TempPath("multipart");
        try
        {
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                {
                    byte[] buffer = new byte[1 << 20];
                    for (int n = 1; n <= parts; n++)
                    {
                        string partFile = Path.Combine(folder, $"{n:00000}");
                        if (!File.Exists(partFile))
                            throw HubHttpException.BadRequest($"Part {n} of {parts} was not uploaded.");
                        await using var input = File.OpenRead(partFile);
                        int read;
                        while ((read = await input.ReadAsync(buffer)) > 0)
                        {
                            sha.AppendData(buffer, 0, read);
                            await output.WriteAsync(buffer.AsMemory(0, read));
                        }
                    }
                    output.Flush(flushToDisk: true);
                    if (output.Length != size)
                        throw HubHttpException.BadRequest($"The parts hold {output.Length} bytes, not {size}: nothing was stored.");
                }
                string got = Convert.ToHexStringLower(sha.GetHashAndReset());
                if (got != oid)
                    throw HubHttpException.BadRequest($"The uploaded content's sha256 is {got}, not {oid}: nothing was stored.");
            }
            _store.AdoptBlob(id, oid, temp);
            Directory.Delete(folder, true);
        }
        finally
        {
            File.Delete(temp);
        }
        return await r.WriteJsonAsync(new JsonObject { ["oid"] = oid, ["size"] = size });
    }

    async Task<int> VerifyAsync(HubRequest r, RepoId id)
    {
        JsonObject body = (await r.ReadJsonAsync(_options.MaxJsonBody))?.AsObject() ?? throw HubHttpException.BadRequest("The body must be a JSON object.");
        string oid = body["oid"]?.GetValue<string>() ?? "";
        long size = CheckSigned(r, id, oid, "verify");
        long given = body["size"]?.GetValue<long>() ?? -1;
        if (given != size || _store.BlobSize(id, oid) != size)
            throw new HubHttpException(404, $"Object {oid} of {size} bytes was not uploaded.");
        return await r.WriteJsonAsync(new JsonObject { ["oid"] = oid, ["size"] = size });
    }
}
