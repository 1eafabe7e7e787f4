using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Client;

/// <summary>An LFS object to upload: its sha256 (the oid), size and where its bytes are.</summary>
public sealed record LfsObject(string Oid, long Size, string LocalPath);

/// <summary>
/// The git-lfs batch API as huggingface_hub's <c>lfs.py</c> uses it: <c>POST {repo}.git/info/lfs/objects/batch</c>
/// (operation upload, transfers basic and multipart, hash sha256); an object without actions is already stored;
/// <c>basic</c> is one PUT of the body; <c>multipart</c> (a <c>chunk_size</c> in the upload header) PUTs each part to
/// its numbered URL and POSTs their ETags to the completion URL; then the <c>verify</c> action, when given.
/// </summary>
public sealed class LfsUploader(HubHttp http, TextWriter? progress = null)
{
    const int BatchSize = 256;
    const string LfsMediaType = "application/vnd.git-lfs+json";

    public async Task UploadAsync(RepoId repo, string revision, IReadOnlyList<LfsObject> objects, CancellationToken cancel = default)
    {
        foreach (var chunk in objects.DistinctBy(o => o.Oid).Chunk(BatchSize))
        {
            JsonArray answers = await BatchAsync(repo, revision, chunk, cancel).ConfigureAwait(false);
            foreach (JsonNode? answer in answers)
            {
                string oid = answer?["oid"]?.GetValue<string>() ?? "";
                LfsObject item = chunk.FirstOrDefault(o => o.Oid == oid)
                    ?? throw new HubClientException(HubErrorKind.InvalidAnswer, $"LFS batch for {repo}: an answer for an object not asked for ({oid}).");
                if (answer?["error"] is { } error)
                    throw new HubClientException(HubErrorKind.InvalidAnswer,
                        $"LFS upload of {item.LocalPath} to {repo} refused: {error["message"]?.ToString() ?? error.ToJsonString()} (code {error["code"]}).");
                if (answer?["actions"] is not JsonObject actions)
                    continue;   // the server has it already
                if (actions["upload"] is JsonObject upload)
                    await PutAsync(item, upload, repo, cancel).ConfigureAwait(false);
                if (actions["verify"] is JsonObject verify)
                    await VerifyAsync(item, verify, repo, cancel).ConfigureAwait(false);
            }
        }
    }

    async Task<JsonArray> BatchAsync(RepoId repo, string revision, LfsObject[] chunk, CancellationToken cancel)
    {
        var body = new JsonObject
        {
            ["operation"] = "upload",
            ["transfers"] = new JsonArray("basic", "multipart"),
            ["objects"] = new JsonArray(chunk.Select(o => (JsonNode)new JsonObject { ["oid"] = o.Oid, ["size"] = o.Size }).ToArray()),
            ["hash_algo"] = "sha256",
            ["ref"] = new JsonObject { ["name"] = revision.StartsWith("refs/", StringComparison.Ordinal) ? revision : "refs/heads/" + revision },
        };
        string what = $"LFS batch for {repo}";
        using var response = await http.SendCheckedAsync(HubUrls.LfsBatch(http.Settings.Endpoint, repo), u =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, u) { Content = new StringContent(body.ToJsonString()) };
            request.Content.Headers.ContentType = new(LfsMediaType);
            request.Headers.Accept.ParseAdd(LfsMediaType);
            return request;
        }, what, cancel).ConfigureAwait(false);
        var answer = RepoListing.Parse(await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false), what);
        return answer?["objects"] as JsonArray ?? throw new HubClientException(HubErrorKind.InvalidAnswer, $"{what}: no 'objects' in the answer.");
    }

    async Task PutAsync(LfsObject item, JsonObject upload, RepoId repo, CancellationToken cancel)
    {
        string href = upload["href"]?.GetValue<string>() ?? throw new HubClientException(HubErrorKind.InvalidAnswer, $"LFS upload to {repo}: no href.");
        var header = upload["header"] as JsonObject ?? [];
        string what = $"uploading {Path.GetFileName(item.LocalPath)} to {repo}";
        var bar = ProgressBar.Start(http.Settings.ProgressBars ? progress : null, Path.GetFileName(item.LocalPath), item.Size, interactive: false);
        if (header["chunk_size"] is JsonNode chunkNode && long.TryParse(chunkNode.ToString(), out long chunkSize) && chunkSize > 0)
        {
            var parts = header.Where(h => h.Key.All(char.IsAsciiDigit)).OrderBy(h => int.Parse(h.Key, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var etags = new JsonArray();
            for (int i = 0; i < parts.Count; i++)
            {
                long offset = i * chunkSize, length = Math.Min(chunkSize, item.Size - offset);
                using var response = await SendBytesAsync(new Uri(parts[i].Value!.ToString()), item.LocalPath, offset, length, [], what, cancel).ConfigureAwait(false);
                string etag = response.Headers.ETag?.Tag ?? (response.Headers.TryGetValues("ETag", out var e) ? e.First() : "");
                etags.Add(new JsonObject { ["partNumber"] = i + 1, ["etag"] = etag });
                bar?.Report(offset + length);
            }
            var completion = new JsonObject { ["oid"] = item.Oid, ["parts"] = etags };
            using var done = await http.SendCheckedAsync(new Uri(href), u => new HttpRequestMessage(HttpMethod.Post, u)
            {
                Content = new StringContent(completion.ToJsonString(), System.Text.Encoding.UTF8, LfsMediaType),
            }, what, cancel).ConfigureAwait(false);
        }
        else
        {
            var extra = header.Where(h => h.Value is not null).Select(h => (h.Key, h.Value!.ToString())).ToList();
            using var response = await SendBytesAsync(new Uri(href), item.LocalPath, 0, item.Size, extra, what, cancel).ConfigureAwait(false);
            bar?.Report(item.Size);
        }
    }

    async Task<HttpResponseMessage> SendBytesAsync(Uri url, string path, long offset, long length,
        IReadOnlyList<(string Key, string Value)> headers, string what, CancellationToken cancel) =>
        await http.SendCheckedAsync(url, u =>
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            file.Seek(offset, SeekOrigin.Begin);
            var request = new HttpRequestMessage(HttpMethod.Put, u) { Content = new StreamContent(new BoundedStream(file, length)) };
            request.Content.Headers.ContentLength = length;
            foreach (var (key, value) in headers)
            {
                if (!request.Headers.TryAddWithoutValidation(key, value))
                    request.Content.Headers.TryAddWithoutValidation(key, value);
            }
            return request;
        }, what, cancel).ConfigureAwait(false);

    async Task VerifyAsync(LfsObject item, JsonObject verify, RepoId repo, CancellationToken cancel)
    {
        string href = verify["href"]?.GetValue<string>() ?? throw new HubClientException(HubErrorKind.InvalidAnswer, $"LFS verify for {repo}: no href.");
        var header = verify["header"] as JsonObject ?? [];
        using var response = await http.SendCheckedAsync(new Uri(href), u =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, u) { Content = JsonContent.Create(new JsonObject { ["oid"] = item.Oid, ["size"] = item.Size }) };
            foreach (var (key, value) in header)
                request.Headers.TryAddWithoutValidation(key, value?.ToString());
            return request;
        }, $"verifying the upload of {Path.GetFileName(item.LocalPath)} to {repo}", cancel).ConfigureAwait(false);
    }
}
