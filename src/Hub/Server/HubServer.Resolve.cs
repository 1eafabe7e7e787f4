using System.Globalization;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Server;

public sealed partial class HubServer
{
    /// <summary>
    /// <c>HEAD/GET /{datasets/}{repo}/resolve/{revision}/{path}</c>: the file, with <c>X-Repo-Commit</c>, an <c>ETag</c>
    /// (git's blob sha1 for a regular file, the sha256 for an LFS one, with <c>X-Linked-Etag</c> and <c>X-Linked-Size</c>),
    /// and one byte range when asked (206, <c>Content-Range</c>).
    /// </summary>
    /// <remarks><c>/raw/</c> is the same but gives an LFS file's pointer, as git stores it.</remarks>
    async Task<int> ResolveAsync(HubRequest r, RepoId id, string revision, string path, bool raw = false)
    {
        Readable(r, id);
        CommitRecord commit = ResolveRevision(id, revision);
        if (!commit.Files.TryGetValue(path, out FileEntry? entry))
        {
            r.Response.Headers[HubHeaders.RepoCommit] = commit.Id;   // as the Hub: clients record .no_exist/<commit>/<path>
            throw HubHttpException.EntryNotFound($"Entry not found: {path} at {revision}.");
        }
        if (raw && entry.Lfs)
        {
            r.Response.Headers[HubHeaders.RepoCommit] = commit.Id;
            r.Response.Headers["ETag"] = $"\"{entry.GitOid}\"";
            return await r.WriteTextAsync(entry.Pointer);
        }
        var response = r.Response;
        response.Headers[HubHeaders.RepoCommit] = commit.Id;
        response.Headers["ETag"] = $"\"{entry.Etag}\"";
        response.Headers["Accept-Ranges"] = "bytes";
        if (entry.Lfs)
        {
            response.Headers[HubHeaders.LinkedEtag] = $"\"{entry.Sha256}\"";
            response.Headers[HubHeaders.LinkedSize] = entry.Size.ToString(CultureInfo.InvariantCulture);
        }
        response.ContentType = ContentType(path, entry);
        string fileName = path[(path.LastIndexOf('/') + 1)..];
        response.Headers["Content-Disposition"] = $"inline; filename*=UTF-8''{Uri.EscapeDataString(fileName)}; filename=\"{AsciiName(fileName)}\"";
        long size = entry.Size, start = 0, end = size - 1;
        int status = 200;
        if (r.Request.Headers["Range"] is { Length: > 0 } range)
        {
            if (ParseRange(range, size) is { } parsed)
            {
                (start, end) = parsed;
                status = 206;
                response.Headers["Content-Range"] = $"bytes {start}-{end}/{size}";
            }
            else if (RangeUnsatisfiable(range, size))
            {
                response.Headers["Content-Range"] = $"bytes */{size}";
                throw new HubHttpException(416, $"Range '{range}' is outside the {size} bytes of {path}.");
            }
        }
        long length = Math.Max(0, end - start + 1);
        response.StatusCode = status;
        response.ContentLength64 = length;
        if (r.IsHead || length == 0)
            return status;
        await using var file = new FileStream(_store.BlobPath(id, entry.Sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        file.Seek(start, SeekOrigin.Begin);
        byte[] buffer = new byte[1 << 16];
        long left = length;
        Stream output = response.OutputStream;
        while (left > 0)
        {
            int read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)));
            if (read == 0)
                break;
            await output.WriteAsync(buffer.AsMemory(0, read));
            left -= read;
        }
        return status;
    }

    static string AsciiName(string name) => string.Concat(name.Select(c => c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '_'));

    static string ContentType(string path, FileEntry entry)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".json" => "application/json; charset=utf-8",
            ".md" or ".txt" or ".yaml" or ".yml" or ".csv" or ".tsv" or ".jsonl" or ".py" => "text/plain; charset=utf-8",
            _ when !entry.Lfs && entry.Size < 10 * 1024 * 1024 && extension is "" or ".gitattributes" => "text/plain; charset=utf-8",
            _ => "application/octet-stream",
        };
    }

    /// <summary>One range <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c> within <paramref name="size"/>, clamped; null otherwise (several ranges: the whole file).</summary>
    internal static (long Start, long End)? ParseRange(string header, long size)
    {
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
            return null;
        string spec = header[6..].Trim();
        int dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
            return null;
        string a = spec[..dash].Trim(), b = spec[(dash + 1)..].Trim();
        if (a.Length == 0)
        {
            if (!long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out long suffix) || suffix == 0 || size == 0)
                return null;
            return (Math.Max(0, size - suffix), size - 1);
        }
        if (!long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out long start) || start >= size)
            return null;
        long end = size - 1;
        if (b.Length > 0)
        {
            if (!long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start)
                return null;
            end = Math.Min(end, size - 1);
        }
        return (start, end);
    }

    static bool RangeUnsatisfiable(string header, long size)
    {
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
            return false;
        string spec = header[6..].Trim();
        int dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0)
            return dash == 0 && size == 0;
        return long.TryParse(spec[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out long start) && start >= size;
    }
}
