namespace HfTrain.Hub.Protocol;

/// <summary>The HTTP headers of the Hub protocol that are not plain HTTP ones.</summary>
public static class HubHeaders
{
    /// <summary>The 40-hex commit a <c>resolve</c> answer comes from (the snapshot folder name in the HF cache).</summary>
    public const string RepoCommit = "X-Repo-Commit";
    /// <summary>The sha256 of an LFS file (the ETag of its content); the plain <c>ETag</c> then may be a CDN's.</summary>
    public const string LinkedEtag = "X-Linked-Etag";
    /// <summary>The size of an LFS file, in bytes.</summary>
    public const string LinkedSize = "X-Linked-Size";
    /// <summary>Why a request failed: one of <see cref="HubErrorCodes"/>.</summary>
    public const string ErrorCode = "X-Error-Code";
    /// <summary>A human-readable reason next to <see cref="ErrorCode"/>.</summary>
    public const string ErrorMessage = "X-Error-Message";
    /// <summary>Request id, echoed in error messages.</summary>
    public const string RequestId = "X-Request-Id";
}

/// <summary>Values of the <see cref="HubHeaders.ErrorCode"/> header, as huggingface_hub reads them.</summary>
public static class HubErrorCodes
{
    public const string RepoNotFound = "RepoNotFound";
    public const string EntryNotFound = "EntryNotFound";
    public const string RevisionNotFound = "RevisionNotFound";
    public const string GatedRepo = "GatedRepo";
}
