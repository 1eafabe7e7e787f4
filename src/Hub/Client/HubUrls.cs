using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Client;

/// <summary>
/// The Hub's URLs, as huggingface_hub builds them: <c>hf_hub_url</c>
/// (<c>{endpoint}/{datasets/}{repo}/resolve/{quote(revision, safe="")}/{quote(path)}</c>) and the <c>/api</c> routes.
/// Paths and revisions are validated on the way (<see cref="RepoPath"/>, <see cref="Revision"/>).
/// </summary>
public static class HubUrls
{
    public static Uri Resolve(string endpoint, RepoId repo, string revision, string path) =>
        new($"{endpoint}/{repo.UrlPath}/resolve/{Revision.Encode(revision)}/{RepoPath.Encode(path)}");

    /// <summary><c>GET /api/{type}s/{repo}/revision/{rev}</c>: the commit (<c>sha</c>) and its files (<c>siblings</c>).</summary>
    public static Uri RevisionInfo(string endpoint, RepoId repo, string revision) =>
        new($"{endpoint}/{repo.ApiPath}/revision/{Revision.Encode(revision)}");

    /// <summary><c>GET /api/{type}s/{repo}/tree/{rev}[/{path}]?recursive=true</c>, paged by <c>Link: rel="next"</c>.</summary>
    public static Uri Tree(string endpoint, RepoId repo, string revision, string? path = null) =>
        new($"{endpoint}/{repo.ApiPath}/tree/{Revision.Encode(revision)}" +
            (string.IsNullOrEmpty(path) ? "" : "/" + RepoPath.Encode(path)) + "?recursive=true");

    public static Uri Preupload(string endpoint, RepoId repo, string revision) =>
        new($"{endpoint}/{repo.ApiPath}/preupload/{Revision.Encode(revision)}");

    public static Uri Commit(string endpoint, RepoId repo, string revision) =>
        new($"{endpoint}/{repo.ApiPath}/commit/{Revision.Encode(revision)}");

    /// <summary>The git-lfs batch API: <c>{endpoint}/{datasets/}{repo}.git/info/lfs/objects/batch</c>.</summary>
    public static Uri LfsBatch(string endpoint, RepoId repo) => new($"{endpoint}/{repo.UrlPath}.git/info/lfs/objects/batch");

    public static Uri CreateRepo(string endpoint) => new($"{endpoint}/api/repos/create");

    public static Uri WhoAmI(string endpoint) => new($"{endpoint}/api/whoami-v2");
}
