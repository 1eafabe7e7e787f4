using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Client;

/// <summary>
/// The Hub's URLs, as huggingface_hub builds them: <c>hf_hub_url</c>
/// (<c>{endpoint}/{datasets/}{repo}/resolve/{quote(revision, safe="")}/{quote(path)}</c>) and the <c>/api</c> routes.
/// </summary>
public static class HubUrls
{
    public static string Resolve(string endpoint, RepoType type, string repoId, string revision, string path) =>
        $"{endpoint}/{type.UrlPrefix()}{repoId}/resolve/{Uri.EscapeDataString(revision)}/{QuotePath(path)}";

    /// <summary><c>GET /api/{type}s/{repo}/revision/{rev}</c>: the commit (<c>sha</c>) and its files (<c>siblings</c>).</summary>
    public static string Revision(string endpoint, RepoType type, string repoId, string revision) =>
        $"{endpoint}/api/{type.Plural()}/{repoId}/revision/{Uri.EscapeDataString(revision)}";

    /// <summary><c>GET /api/{type}s/{repo}/tree/{rev}[/{path}]?recursive=true</c>, paged by <c>Link: rel="next"</c>.</summary>
    public static string Tree(string endpoint, RepoType type, string repoId, string revision, string? path = null) =>
        $"{endpoint}/api/{type.Plural()}/{repoId}/tree/{Uri.EscapeDataString(revision)}" +
        (string.IsNullOrEmpty(path) ? "" : "/" + QuotePath(path)) + "?recursive=true";

    public static string Preupload(string endpoint, RepoType type, string repoId, string revision) =>
        $"{endpoint}/api/{type.Plural()}/{repoId}/preupload/{Uri.EscapeDataString(revision)}";

    public static string Commit(string endpoint, RepoType type, string repoId, string revision) =>
        $"{endpoint}/api/{type.Plural()}/{repoId}/commit/{Uri.EscapeDataString(revision)}";

    /// <summary>The git-lfs batch API: <c>{endpoint}/{datasets/}{repo}.git/info/lfs/objects/batch</c>.</summary>
    public static string LfsBatch(string endpoint, RepoType type, string repoId) =>
        $"{endpoint}/{type.UrlPrefix()}{repoId}.git/info/lfs/objects/batch";

    public static string CreateRepo(string endpoint) => $"{endpoint}/api/repos/create";

    public static string WhoAmI(string endpoint) => $"{endpoint}/api/whoami-v2";

    /// <summary>Python's <c>urllib.parse.quote(path)</c>: every character but unreserved ones and '/' percent-encoded.</summary>
    public static string QuotePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
