namespace HfTrain.Hub.Client;

/// <summary>What went wrong talking to the Hub, in huggingface_hub's terms (<c>utils/_http.py</c>'s error classes).</summary>
public enum HubErrorKind
{
    RepoNotFound,
    RevisionNotFound,
    EntryNotFound,
    GatedRepo,
    Unauthorized,
    Forbidden,
    Offline,
    NotInCache,
    Connection,
    Server,
    InvalidAnswer,
    InvalidSetting,
}

/// <summary>A Hub request that failed for a reason the user can fix; the message names the repo, file or token and
/// what to do. The CLI prints it without a stack trace.</summary>
public sealed class HubClientException(HubErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public HubErrorKind Kind { get; } = kind;
}
