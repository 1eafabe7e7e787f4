using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Server;

public sealed partial class HubServer
{
    static readonly DateTimeOffset Started = DateTimeOffset.UtcNow;

    async Task<int> WhoAmIAsync(HubRequest r)
    {
        HubUser user = r.User ?? throw HubHttpException.Unauthorized("Invalid credentials in Authorization header");
        var orgs = new JsonArray();
        foreach (string org in user.Organizations)
        {
            orgs.Add(new JsonObject
            {
                ["type"] = "org", ["id"] = ObjectId("org:" + org), ["name"] = org, ["fullname"] = org, ["email"] = null,
                ["canPay"] = false, ["avatarUrl"] = "", ["periodEnd"] = null, ["roleInOrg"] = "write", ["isEnterprise"] = false,
            });
        }
        return await r.WriteJsonAsync(new JsonObject
        {
            ["type"] = "user",
            ["id"] = ObjectId("user:" + user.Name),
            ["name"] = user.Name,
            ["fullname"] = user.Name,
            ["email"] = null,
            ["emailVerified"] = false,
            ["canPay"] = false,
            ["isPro"] = false,
            ["periodEnd"] = null,
            ["avatarUrl"] = "",
            ["orgs"] = orgs,
            ["auth"] = new JsonObject
            {
                ["type"] = "access_token",
                ["accessToken"] = new JsonObject
                {
                    ["displayName"] = "hub serve --token",
                    ["role"] = "write",
                    ["createdAt"] = RepoStore.Iso(Started),
                },
            },
        });
    }

    /// <summary>A 24-hex id, as the Hub's <c>_id</c> fields (a MongoDB ObjectId there).</summary>
    static string ObjectId(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24];

    async Task<int> CreateRepoAsync(HubRequest r)
    {
        HubUser user = r.RequireUser();
        JsonObject body = (await r.ReadJsonAsync(_options.MaxJsonBody))?.AsObject() ?? throw HubHttpException.BadRequest("The body must be a JSON object.");
        string name = body["name"]?.GetValue<string>() ?? throw HubHttpException.BadRequest("'name' is missing.");
        string? organization = body["organization"]?.GetValue<string>();
        string typeText = body["type"]?.GetValue<string>() ?? "model";
        if (typeText == "space")
            throw HubHttpException.BadRequest("Spaces are not served by hf-train hub serve: create a model or a dataset.");
        RepoType type = RepoTypes.Parse(typeText);
        if (name.Contains('/', StringComparison.Ordinal) && organization is null)
        {
            organization = name[..name.IndexOf('/', StringComparison.Ordinal)];
            name = name[(name.IndexOf('/', StringComparison.Ordinal) + 1)..];
        }
        // the namespace as its owner spells it: "Alice/x" by alice is stored as "alice/x"
        string ns = string.IsNullOrEmpty(organization) ? user.Name
            : user.Organizations.Prepend(user.Name).FirstOrDefault(o => string.Equals(o, organization, StringComparison.OrdinalIgnoreCase)) ?? organization;
        RepoId id = RepoId.Create(ns, name, type);
        bool isPrivate = body["visibility"]?.GetValue<string>() is { } visibility
            ? visibility switch
            {
                "private" => true,
                "public" => false,
                _ => throw HubHttpException.BadRequest($"Unknown visibility '{visibility}': use 'public' or 'private'."),
            }
            : body["private"]?.GetValue<bool>() ?? false;
        string url = $"{r.BaseUrl}/{id.UrlPath}";
        if (!user.Owns(id.Namespace))
            throw HubHttpException.Forbidden($"You don't have the rights to create a {id.Type.Name()} under the namespace '{id.Namespace}': user '{user.Name}' does not own it.");
        if (id.Namespace is "api" or "datasets" or "models" or "spaces")
            throw HubHttpException.BadRequest($"'{id.Namespace}' cannot be a namespace.");
        if (!await _store.CreateAsync(id, isPrivate, user.Name))
        {
            r.Response.StatusCode = 409;
            r.Response.Headers[HubHeaders.ErrorMessage] = "You already created this " + id.Type.Name() + " repo";
            return await r.WriteJsonAsync(new JsonObject { ["error"] = $"You already created this {id.Type.Name()} repo", ["url"] = url }, 409);
        }
        if (body["files"] is JsonArray files && files.Count > 0)
        {
            // @huggingface/hub's createRepo({files}): the first commit's files
            var operations = files.Select(f => f!.AsObject()).Select(f => (Path: RepoPath.Validate(f["path"]!.GetValue<string>()),
                Content: DecodeContent(f["content"]?.GetValue<string>() ?? "", f["encoding"]?.GetValue<string>()))).ToList();
            foreach (var (_, content) in operations)
                _store.StoreBlob(id, GitHashes.Sha256(content), content);
            await _store.CommitAsync(id, Revision.Main, null, "Initial files", "", user.Name, files0 =>
            {
                var next = new SortedDictionary<string, FileEntry>(files0.ToDictionary(), StringComparer.Ordinal);
                foreach (var (path, content) in operations)
                    next[path] = new FileEntry(GitHashes.Sha256(content), content.Length, false) { GitOid = GitHashes.BlobSha1(content) };
                return next;
            });
        }
        return await r.WriteJsonAsync(new JsonObject { ["url"] = url, ["name"] = id.Id, ["id"] = ObjectId(id.ToString()) });
    }

    async Task<int> DeleteRepoAsync(HubRequest r)
    {
        HubUser user = r.RequireUser();
        JsonObject body = (await r.ReadJsonAsync(_options.MaxJsonBody))?.AsObject() ?? throw HubHttpException.BadRequest("The body must be a JSON object.");
        string name = body["name"]?.GetValue<string>() ?? throw HubHttpException.BadRequest("'name' is missing.");
        string? organization = body["organization"]?.GetValue<string>();
        RepoId id = RepoId.Create(string.IsNullOrEmpty(organization) ? user.Name : organization, name, RepoTypes.Parse(body["type"]?.GetValue<string>()));
        Writable(r, id);
        await _store.DeleteAsync(id);
        return await r.WriteJsonAsync(new JsonObject());
    }

    async Task<int> SettingsAsync(HubRequest r, RepoId id)
    {
        Writable(r, id);
        JsonObject body = (await r.ReadJsonAsync(_options.MaxJsonBody))?.AsObject() ?? throw HubHttpException.BadRequest("The body must be a JSON object.");
        bool? isPrivate = body["visibility"]?.GetValue<string>() is { } v ? v == "private" : body["private"]?.GetValue<bool>();
        if (isPrivate is { } value)
            _store.SetPrivate(id, value);
        return await r.WriteJsonAsync(new JsonObject { ["private"] = _store.Get(id).Private });
    }

    async Task<int> ListReposAsync(HubRequest r, RepoType type)
    {
        string? author = r.QueryValue("author");
        string? search = r.QueryValue("search");
        int limit = int.TryParse(r.QueryValue("limit"), out int l) && l > 0 ? l : int.MaxValue;
        var list = new JsonArray();
        foreach (RepoInfo info in _store.List(type))
        {
            if (info.Private && r.User?.Owns(info.Id.Namespace) != true)
                continue;
            if (author is not null && !string.Equals(author, info.Id.Namespace, StringComparison.OrdinalIgnoreCase))
                continue;
            if (search is not null && !info.Id.Id.Contains(search, StringComparison.OrdinalIgnoreCase))
                continue;
            CommitRecord head = _store.Resolve(info.Id, Revision.Main);
            list.Add(new JsonObject
            {
                ["_id"] = ObjectId(info.Id.ToString()), ["id"] = info.Id.Id, ["private"] = info.Private, ["sha"] = head.Id,
                ["lastModified"] = RepoStore.Iso(head.Date), ["createdAt"] = RepoStore.Iso(info.CreatedAt),
                ["downloads"] = 0, ["likes"] = 0, ["tags"] = new JsonArray(),
            });
            if (list.Count >= limit)
                break;
        }
        return await r.WriteJsonAsync(list);
    }

    async Task<int> RepoInfoAsync(HubRequest r, RepoId id, string revision)
    {
        RepoInfo info = Readable(r, id);
        CommitRecord commit = ResolveRevision(id, revision);
        var siblings = new JsonArray();
        foreach (var (path, entry) in commit.Files)
        {
            var sibling = new JsonObject { ["rfilename"] = path, ["size"] = entry.Size, ["blobId"] = entry.GitOid };
            if (entry.Lfs)
                sibling["lfs"] = new JsonObject { ["size"] = entry.Size, ["sha256"] = entry.Sha256, ["pointerSize"] = entry.Pointer.Length };
            siblings.Add(sibling);
        }
        var json = new JsonObject
        {
            ["_id"] = ObjectId(id.ToString()),
            ["id"] = id.Id,
        };
        if (id.Type == RepoType.Model)
            json["modelId"] = id.Id;
        json["author"] = id.Namespace;
        json["sha"] = commit.Id;
        json["lastModified"] = RepoStore.Iso(commit.Date);
        json["private"] = info.Private;
        json["gated"] = false;
        json["disabled"] = false;
        json["downloads"] = 0;
        json["likes"] = 0;
        json["tags"] = new JsonArray();
        json["siblings"] = siblings;
        json["createdAt"] = RepoStore.Iso(info.CreatedAt);
        json["usedStorage"] = commit.Files.Values.Sum(e => e.Size);
        if (id.Type == RepoType.Model)
            json["spaces"] = new JsonArray();
        return await r.WriteJsonAsync(json);
    }

    /// <summary>
    /// <c>POST /api/validate-yaml</c> ({content, repoType}): checks the README's front matter as far as a server without a
    /// YAML library can — present, closed, indented with spaces, top-level <c>key: value</c> lines. 200 when valid, 400 with the reason.
    /// </summary>
    async Task<int> ValidateYamlAsync(HubRequest r)
    {
        JsonObject body = (await r.ReadJsonAsync(_options.MaxJsonBody))?.AsObject() ?? throw HubHttpException.BadRequest("The body must be a JSON object.");
        string content = body["content"]?.GetValue<string>() ?? throw HubHttpException.BadRequest("'content' is missing.");
        if (YamlFrontMatter.Check(content) is { } error)
            throw HubHttpException.BadRequest(error);
        return await r.WriteJsonAsync(new JsonObject { ["errors"] = new JsonArray(), ["warnings"] = new JsonArray() });
    }

    static byte[] DecodeContent(string content, string? encoding) => encoding switch
    {
        "base64" => Convert.FromBase64String(content),
        null or "utf-8" or "utf8" => Encoding.UTF8.GetBytes(content),
        _ => throw HubHttpException.BadRequest($"Unknown encoding '{encoding}': use 'base64' or 'utf-8'."),
    };
}
