using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Client;

/// <summary>Who a token belongs to (<c>/api/whoami-v2</c>): the user name, its organizations and the token's own name.</summary>
public sealed record HubUser(string Name, IReadOnlyList<string> Organizations, string? TokenName, string? TokenRole);

/// <summary>The account APIs: <c>whoami-v2</c> and <c>/api/repos/create</c> (a 409 means the repo is there: fine).</summary>
public sealed class HubAccount(HubHttp http)
{
    public async Task<HubUser> WhoAmIAsync(CancellationToken cancel = default)
    {
        if (http.Token is null)
            throw new HubClientException(HubErrorKind.Unauthorized,
                "not logged in: run `hf-train login --token hf_...` (or set HF_TOKEN).");
        string body = await http.GetStringAsync(HubUrls.WhoAmI(http.Settings.Endpoint), "checking the token (whoami-v2)", cancel).ConfigureAwait(false);
        JsonNode? me = RepoListing.Parse(body, "whoami-v2");
        string name = me?["name"]?.GetValue<string>() is { Length: > 0 } n ? n
            : throw new HubClientException(HubErrorKind.InvalidAnswer, "whoami-v2: the answer has no user 'name'.");
        var orgs = (me?["orgs"] as JsonArray ?? []).Select(o => o?["name"]?.GetValue<string>()).OfType<string>().ToList();
        JsonNode? token = me?["auth"]?["accessToken"];
        return new HubUser(name, orgs, token?["displayName"]?.GetValue<string>(), token?["role"]?.GetValue<string>());
    }

    /// <summary><c>create_repo(exist_ok=True)</c>: creates <paramref name="repo"/>; true when it was new.</summary>
    public async Task<bool> CreateRepoAsync(RepoId repo, bool isPrivate, CancellationToken cancel = default)
    {
        var json = new JsonObject { ["name"] = repo.Name, ["organization"] = repo.Namespace, ["private"] = isPrivate };
        if (repo.Type != RepoType.Model)
            json["type"] = repo.Type.Name();
        string what = $"creating {repo}";
        using var response = await http.SendAsync(HubUrls.CreateRepo(http.Settings.Endpoint),
            u => new HttpRequestMessage(HttpMethod.Post, u) { Content = JsonContent.Create(json) }, followAbsolute: false, what, cancel).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
            return false;
        if (!HubErrors.IsSuccess(response.StatusCode))
            throw HubErrors.From(response, what, await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false));
        return true;
    }
}
