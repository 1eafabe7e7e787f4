using System.Net;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Client;

/// <summary>
/// huggingface_hub's <c>hf_raise_for_status</c>: the <c>X-Error-Code</c> header (RepoNotFound, RevisionNotFound,
/// EntryNotFound, GatedRepo), else the status (401, 403, 404, 5xx), becomes a <see cref="HubClientException"/> whose
/// message says what to do.
/// </summary>
internal static class HubErrors
{
    public static HubClientException From(HttpResponseMessage response, string what, string? body = null)
    {
        string? code = Header(response, HubHeaders.ErrorCode);
        string? reason = Header(response, HubHeaders.ErrorMessage) ?? Trim(body);
        string server = reason is null ? "" : $" (server: {reason})";
        string url = response.RequestMessage?.RequestUri?.GetLeftPart(UriPartial.Path) ?? "";
        int status = (int)response.StatusCode;
        return code switch
        {
            HubErrorCodes.RepoNotFound => new(HubErrorKind.RepoNotFound,
                $"{what}: repository not found ({status}, {url}){server}. Check the repo id and --repo-type (model or dataset); " +
                "a private repo needs a token: run `hf-train login` or set HF_TOKEN."),
            HubErrorCodes.RevisionNotFound => new(HubErrorKind.RevisionNotFound,
                $"{what}: revision not found ({url}){server}. Check --revision (a branch, tag or 40-hex commit id)."),
            HubErrorCodes.EntryNotFound => new(HubErrorKind.EntryNotFound,
                $"{what}: no such file in the repository ({url}){server}. Check the file name and the revision."),
            HubErrorCodes.GatedRepo => new(HubErrorKind.GatedRepo,
                $"{what}: the repository is gated{server}. Ask for access on its page, then log in with a token of the " +
                "account that was granted access (`hf-train login`, or HF_TOKEN)."),
            _ => status switch
            {
                401 => new(HubErrorKind.Unauthorized,
                    $"{what}: the Hub refused the token (401, {url}){server}. Log in again with a valid token " +
                    "(`hf-train login --token ...`) or fix HF_TOKEN; an empty HF_TOKEN counts as unset."),
                403 => new(HubErrorKind.Forbidden,
                    $"{what}: forbidden (403, {url}){server}. The token lacks the rights needed: writes need a token with " +
                    "write access whose user owns the namespace; use another --hub_model_id / repo namespace or another token."),
                404 => new(HubErrorKind.RepoNotFound,
                    $"{what}: not found (404, {url}){server}. Check the repo id, --repo-type and the revision; a private repo needs a token."),
                >= 500 => new(HubErrorKind.Server, $"{what}: the Hub answered {status} ({url}){server}. Try again later."),
                _ => new(HubErrorKind.InvalidAnswer, $"{what}: unexpected answer {status} ({url}){server}."),
            },
        };
    }

    public static HubClientException Unreachable(string endpoint, string what, Exception inner) => new(HubErrorKind.Connection,
        $"{what}: cannot reach the Hub at {endpoint} ({inner.Message}). Check HF_ENDPOINT and the network, or set " +
        "HF_HUB_OFFLINE=1 to use only files already in the cache.", inner);

    public static HubClientException TimedOut(string endpoint, string what, HubTimeout timeout, string? after = null) => new(HubErrorKind.Connection,
        $"{what}: the Hub at {endpoint} sent nothing for {timeout.After.TotalSeconds:0.###} s{after} ({timeout.Variable}). Check the network and " +
        $"HF_ENDPOINT, raise {timeout.Variable} for a slow link, or set HF_HUB_OFFLINE=1 to use only files already in the cache.");

    static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    static string? Trim(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
            return null;
        try
        {
            if (System.Text.Json.Nodes.JsonNode.Parse(body)?["error"] is System.Text.Json.Nodes.JsonValue error)
                return error.ToString();
        }
        catch (System.Text.Json.JsonException)
        {
        }
        body = body.Trim();
        return body.Length > 200 ? body[..200] + "…" : body;
    }

    public static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;
}
