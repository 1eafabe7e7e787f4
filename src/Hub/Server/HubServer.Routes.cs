using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Server;

public sealed partial class HubServer
{
    /// <summary>Finds the endpoint of a request from its decoded path segments.</summary>
    async Task<int> RouteAsync(HubRequest r)
    {
        IReadOnlyList<string> s = r.Segments;
        string method = r.Method;
        if (s.Count == 0)
            return method is "GET" or "HEAD" ? await r.WriteTextAsync("hf-train hub serve: a Hugging Face Hub. Point HF_ENDPOINT here.\n") : NotAllowed();
        if (s[0] == "api")
            return await RouteApiAsync(r, s.Skip(1).ToList(), method == "HEAD" ? "GET" : method);   // HEAD: GET's headers, no body

        // web paths: /{ns}/{name}/resolve/..., /datasets/{ns}/{name}/resolve/..., /{ns}/{name}.git/info/lfs/...
        RepoType type = RepoType.Model;
        int at = 0;
        if (s[0] is "datasets")
        {
            type = RepoType.Dataset;
            at = 1;
        }
        else if (s[0] is "models" or "spaces")
            throw HubHttpException.BadRequest(s[0] == "spaces" ? "Spaces are not served by hf-train hub serve." : "Model repos have no 'models/' prefix in file URLs.");
        if (s.Count < at + 2)
            throw new HubHttpException(404, "Not found.");
        string ns = s[at], name = s[at + 1];
        var rest = s.Skip(at + 2).ToList();
        if (name.EndsWith(".git", StringComparison.Ordinal))
        {
            RepoId gitRepo = ParseRepo(ns, name[..^4], type);
            return await RouteLfsAsync(r, gitRepo, rest, method);
        }
        RepoId repo = ParseRepo(ns, name, type);
        if (rest.Count >= 1 && rest[0] is "resolve" && method is "GET" or "HEAD")
        {
            var (revision, path) = SplitRevision(rest.Skip(1).ToList(), pathRequired: true);
            return await ResolveAsync(r, repo, revision, path!);
        }
        if (rest.Count >= 1 && rest[0] is "raw" && method is "GET" or "HEAD")
        {
            var (revision, path) = SplitRevision(rest.Skip(1).ToList(), pathRequired: true);
            return await ResolveAsync(r, repo, revision, path!, raw: true);
        }
        if (rest.Count == 0 && method is "GET" or "HEAD")
            return await r.WriteTextAsync($"{repo}: browse it with the API, e.g. GET {r.BaseUrl}/{repo.ApiPath}\n");
        throw new HubHttpException(404, "Not found.");
    }

    async Task<int> RouteApiAsync(HubRequest r, List<string> s, string method)
    {
        if (s.Count == 0)
            throw new HubHttpException(404, "Not found.");
        switch (s[0])
        {
            case "whoami-v2" when s.Count == 1:
                return method == "GET" ? await WhoAmIAsync(r) : NotAllowed();
            case "repos" when s.Count == 2 && s[1] == "create":
                return method == "POST" ? await CreateRepoAsync(r) : NotAllowed();
            case "repos" when s.Count == 2 && s[1] == "delete":
                return method == "DELETE" ? await DeleteRepoAsync(r) : NotAllowed();
            case "validate-yaml" when s.Count == 1:
                return method == "POST" ? await ValidateYamlAsync(r) : NotAllowed();
            case "models" or "datasets":
                break;
            case "spaces":
                throw new HubHttpException(404, "Spaces are not served by hf-train hub serve.");
            default:
                throw new HubHttpException(404, "Not found.");
        }
        RepoTypes.TryParsePlural(s[0], out RepoType type);
        if (s.Count == 1)
            return method == "GET" ? await ListReposAsync(r, type) : NotAllowed();
        if (s.Count == 2)
            throw HubHttpException.RepoNotFound(RepoId.Create(null, RepoId.TryParse(s[1], type, out _) ? s[1] : "unknown", type), r.User is null);
        RepoId repo = ParseRepo(s[1], s[2], type);
        var rest = s.Skip(3).ToList();
        if (rest.Count == 0)
            return method == "GET" ? await RepoInfoAsync(r, repo, Revision.Main) : NotAllowed();
        string action = rest[0];
        var args = rest.Skip(1).ToList();
        switch (action)
        {
            case "revision" when method == "GET":
                return await RepoInfoAsync(r, repo, SplitRevision(args, pathRequired: false).Revision);
            case "tree" when method == "GET":
            {
                var (revision, path) = SplitRevision(args, pathRequired: false);
                return await TreeAsync(r, repo, revision, path);
            }
            case "paths-info" when method == "POST":
                return await PathsInfoAsync(r, repo, SplitRevision(args, pathRequired: false).Revision);
            case "refs" when method == "GET" && args.Count == 0:
                return await RefsAsync(r, repo);
            case "commits" when method == "GET":
                return await CommitsAsync(r, repo, args.Count == 0 ? Revision.Main : SplitRevision(args, pathRequired: false).Revision);
            case "preupload" when method == "POST":
                return await PreuploadAsync(r, repo, SplitRevision(args, pathRequired: false).Revision);
            case "commit" when method == "POST":
                return await CommitAsync(r, repo, SplitRevision(args, pathRequired: false).Revision);
            case "branch" when method is "POST" or "DELETE":
                return await BranchAsync(r, repo, Revision.Validate(string.Join('/', args)));
            case "settings" when method == "PUT":
                return await SettingsAsync(r, repo);
            case "parquet" when method == "GET" && type == RepoType.Dataset:
                return await ParquetAsync(r, repo, args);
            case "revision" or "tree" or "paths-info" or "refs" or "commits" or "preupload" or "commit" or "branch" or "settings":
                return NotAllowed();
            default:
                throw new HubHttpException(404, "Not found.");
        }
    }

    static int NotAllowed() => throw new HubHttpException(405, "Method not allowed here.");

    static RepoId ParseRepo(string ns, string name, RepoType type) =>
        RepoId.TryParse($"{ns}/{name}", type, out RepoId? id) && !ns.Contains('/', StringComparison.Ordinal) && !name.Contains('/', StringComparison.Ordinal)
            ? id
            : throw HubHttpException.BadRequest($"'{RepoId.Shown(ns)}/{RepoId.Shown(name)}' is not a valid repo id.");

    /// <summary>
    /// The revision and the path after it. A revision is one segment, percent-encoded when it holds '/'
    /// (<c>refs%2Fconvert%2Fparquet</c>, as huggingface_hub sends it); unencoded, <c>refs/x/y</c> takes three segments
    /// (as @huggingface/hub sends <c>refs/convert/parquet</c> in tree URLs). The path is the rest, joined with '/'.
    /// </summary>
    internal static (string Revision, string? Path) SplitRevision(IReadOnlyList<string> segments, bool pathRequired)
    {
        if (segments.Count == 0)
            throw HubHttpException.BadRequest("The revision is missing from the URL.");
        int take = segments[0] == "refs" && segments.Count >= 3 ? 3 : 1;
        string revision = Revision.Validate(string.Join('/', segments.Take(take)));
        string? path = segments.Count > take ? string.Join('/', segments.Skip(take)) : null;
        if (path is not null)
            RepoPath.Validate(path);
        else if (pathRequired)
            throw HubHttpException.BadRequest("The file path is missing from the URL.");
        return (revision, path);
    }

    // ---- access

    /// <summary>The repo, when the caller may read it; else RepoNotFound (401 anonymous, 404 signed in), as the Hub.</summary>
    RepoInfo Readable(HubRequest r, RepoId id)
    {
        RepoInfo? info = _store.Find(id);
        if (info is null || (info.Private && r.User?.Owns(id.Namespace) != true))
            throw HubHttpException.RepoNotFound(id, r.User is null);
        return info;
    }

    /// <summary>The repo, when the caller may write to it: a token whose user owns the namespace.</summary>
    RepoInfo Writable(HubRequest r, RepoId id)
    {
        HubUser user = r.RequireUser();
        RepoInfo info = Readable(r, id);
        if (!user.Owns(id.Namespace))
            throw HubHttpException.Forbidden($"You don't have the rights to write to {id.Type.Name()} '{id.Id}': user '{user.Name}' does not own the namespace '{id.Namespace}'.");
        return info;
    }

    CommitRecord ResolveRevision(RepoId id, string revision)
    {
        try
        {
            return _store.Resolve(id, revision);
        }
        catch (RevisionNotFoundException)
        {
            throw HubHttpException.RevisionNotFound($"Invalid rev id: {revision}");
        }
    }
}
