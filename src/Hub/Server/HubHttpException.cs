using System.Net;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Server;

/// <summary>An error answer: the status, the message (JSON <c>{"error": ...}</c> and <c>X-Error-Message</c>) and the Hub's error code.</summary>
internal sealed class HubHttpException(int status, string message, string? code = null) : Exception(message)
{
    public int Status { get; } = status;
    public string? Code { get; } = code;

    public static HubHttpException BadRequest(string message) => new(400, message);

    public static HubHttpException Unauthorized(string message) => new(401, message);

    public static HubHttpException Forbidden(string message) => new(403, message);

    public static HubHttpException RepoNotFound(RepoId id, bool anonymous) =>
        // as the Hub: an anonymous caller gets 401 for a private repo and for a missing one alike
        new(anonymous ? 401 : 404, $"Repository Not Found for {id.Type.Name()} '{id.Id}'." +
            (anonymous ? " If the repo is private, make sure you are authenticated." : ""), HubErrorCodes.RepoNotFound);

    public static HubHttpException RevisionNotFound(string message) => new(404, message, HubErrorCodes.RevisionNotFound);

    public static HubHttpException EntryNotFound(string message) => new(404, message, HubErrorCodes.EntryNotFound);

    public static HubHttpException TooLarge(string message) => new((int)HttpStatusCode.RequestEntityTooLarge, message);
}
