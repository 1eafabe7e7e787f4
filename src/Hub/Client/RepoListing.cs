using System.Text.Json.Nodes;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Client;

/// <summary>A repo's state at one revision: its commit and its files (<c>siblings</c>' <c>rfilename</c>).</summary>
public sealed record RepoRevision(string Commit, IReadOnlyList<string> Files, bool Private);

/// <summary>One file of a tree listing (<c>type: "file"</c>), with its size and, for LFS files, the sha256.</summary>
public sealed record TreeFile(string Path, long Size, string? LfsSha256);

/// <summary>
/// The listing APIs: <c>/api/{type}s/{repo}/revision/{rev}</c> (<c>HfApi.repo_info</c>) and
/// <c>/tree/{rev}?recursive=true</c> paged with <c>Link: &lt;...&gt;; rel="next"</c> (<c>list_repo_tree</c>).
/// File names from the server are checked (<see cref="RepoPath"/>) before anything is written under them.
/// </summary>
public sealed class RepoListing(HubHttp http)
{
    public async Task<RepoRevision> RevisionAsync(RepoId repo, string revision, CancellationToken cancel = default)
    {
        string what = $"{repo} at {revision}";
        string body = await http.GetStringAsync(HubUrls.RevisionInfo(http.Settings.Endpoint, repo, revision), what, cancel).ConfigureAwait(false);
        JsonNode? info = Parse(body, what);
        string sha = info?["sha"]?.GetValue<string>() is { } s && Revision.IsCommitId(s) ? s
            : throw new HubClientException(HubErrorKind.InvalidAnswer, $"{what}: the revision answer has no 40-hex 'sha'.");
        var files = (info?["siblings"] as JsonArray ?? [])
            .Select(f => f?["rfilename"]?.GetValue<string>())
            .OfType<string>()
            .Select(f => Checked(f, what))
            .ToList();
        bool isPrivate = info?["private"] is JsonValue p && p.TryGetValue(out bool b) && b;
        return new RepoRevision(sha, files, isPrivate);
    }

    /// <summary>Every file under <paramref name="path"/> (the whole repo when null), following the pages.</summary>
    public async Task<IReadOnlyList<TreeFile>> TreeAsync(RepoId repo, string revision, string? path = null, CancellationToken cancel = default)
    {
        string what = $"{repo} at {revision}: listing {path ?? "files"}";
        var files = new List<TreeFile>();
        Uri? next = HubUrls.Tree(http.Settings.Endpoint, repo, revision, path);
        for (int page = 0; next is not null && page < 100_000; page++)
        {
            using var response = await http.SendCheckedAsync(next, u => new HttpRequestMessage(HttpMethod.Get, u), what, cancel, timeout: http.Metadata).ConfigureAwait(false);
            var entries = Parse(await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false), what) as JsonArray
                ?? throw new HubClientException(HubErrorKind.InvalidAnswer, $"{what}: the tree answer is not a JSON array.");
            foreach (JsonNode? entry in entries)
            {
                if (entry?["type"]?.GetValue<string>() != "file" || entry["path"]?.GetValue<string>() is not { } file)
                    continue;
                long size = entry["size"] is JsonValue v && v.TryGetValue(out long n) ? n : 0;
                files.Add(new TreeFile(Checked(file, what), size, entry["lfs"]?["oid"]?.GetValue<string>()));
            }
            next = NextPage(response, next);
        }
        return files;
    }

    /// <summary>The <c>rel="next"</c> target of the <c>Link</c> header (RFC 8288), resolved against the request.</summary>
    public static Uri? NextPage(HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
            return null;
        foreach (string link in values.SelectMany(v => v.Split(',')))
        {
            string[] parts = link.Split(';');
            string target = parts[0].Trim();
            if (target.StartsWith('<') && target.EndsWith('>')
                && parts.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next"))
                return new Uri(current, target[1..^1]);
        }
        return null;
    }

    static string Checked(string file, string what) => RepoPath.Check(file) is { } error
        ? throw new HubClientException(HubErrorKind.InvalidAnswer, $"{what}: the server listed a file hf-train refuses to write: {error}")
        : file;

    internal static JsonNode? Parse(string body, string what)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new HubClientException(HubErrorKind.InvalidAnswer, $"{what}: the server's answer is not JSON ({e.Message}).", e);
        }
    }
}
