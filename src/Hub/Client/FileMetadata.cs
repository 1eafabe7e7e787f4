using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Client;

/// <summary>
/// What a HEAD on <c>resolve</c> says about a file (huggingface_hub's <c>HfFileMetadata</c>): the commit
/// (<c>X-Repo-Commit</c>), the etag (<c>X-Linked-Etag</c>, else <c>ETag</c>; the blob's name in the cache), the size
/// (<c>X-Linked-Size</c>, else <c>Content-Length</c>) and where the body is (the redirect's <c>Location</c>, else the URL).
/// </summary>
public sealed record FileMetadata(string Commit, string Etag, long? Size, Uri Location)
{
    public static FileMetadata? Read(HttpResponseMessage response, Uri requested)
    {
        string? commit = Header(response, HubHeaders.RepoCommit);
        string? etag = Header(response, HubHeaders.LinkedEtag) ?? Header(response, "ETag");
        if (commit is null || etag is null)
            return null;
        etag = NormalizeEtag(etag);
        if (!Revision.IsCommitId(commit.Trim()) || !IsSafeEtag(etag))
            return null;   // not a Hub answer; the etag also names a file in the cache
        long? size = long.TryParse(Header(response, HubHeaders.LinkedSize), out long linked) ? linked
            : response.Content.Headers.ContentLength;
        Uri location = response.Headers.Location is { } l
            ? (l.IsAbsoluteUri ? l : new Uri(response.RequestMessage?.RequestUri ?? requested, l))
            : response.RequestMessage?.RequestUri ?? requested;
        return new FileMetadata(commit.Trim(), etag, size, location);
    }

    /// <summary><c>_normalize_etag</c>: without the weak prefix <c>W/</c> and the quotes.</summary>
    public static string NormalizeEtag(string etag)
    {
        etag = etag.Trim();
        if (etag.StartsWith("W/", StringComparison.Ordinal))
            etag = etag[2..];
        return etag.Trim('"');
    }

    /// <summary>An etag names a blob file: letters, digits, '-', '_' and '.', not starting with '.'.</summary>
    public static bool IsSafeEtag(string etag) =>
        etag.Length is > 0 and <= 128 && etag[0] != '.' && etag.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? values.FirstOrDefault()
            : null;
}
