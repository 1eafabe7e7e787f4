namespace HfTrain.Hub.Server;

/// <summary>The settings of <c>hf-train hub serve</c>.</summary>
public sealed class HubServerOptions
{
    /// <summary>The folder that holds the repos (created when missing). Nothing outside it is read or written.</summary>
    public required string Root { get; init; }
    /// <summary>The address to listen on: 127.0.0.1 (the default, this machine only), localhost, 0.0.0.0 (every interface) or an IP.</summary>
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>The port; 0 picks a free one.</summary>
    public int Port { get; init; }
    /// <summary>User name → token. A token's user may write to the repos of its own namespace and of its organizations.</summary>
    public IReadOnlyDictionary<string, string> Tokens { get; init; } = new Dictionary<string, string>();
    /// <summary>Organization → its members: they may write under the organization's namespace.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Organizations { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    /// <summary>Files at least this large are uploaded through LFS (the Hub: 10 MB); smaller text files are sent inline.</summary>
    public long LfsThreshold { get; init; } = 10L * 1024 * 1024;
    /// <summary>The largest LFS file accepted (the Hub: 50 GB).</summary>
    public long MaxLfsFileSize { get; init; } = 50L * 1000 * 1000 * 1000;
    /// <summary>The largest JSON request body (create, preupload, LFS batch, verify, validate-yaml).</summary>
    public long MaxJsonBody { get; init; } = 8L * 1024 * 1024;
    /// <summary>The largest commit request (NDJSON, with the regular files base64-encoded inline).</summary>
    public long MaxCommitBody { get; init; } = 1024L * 1024 * 1024;
    /// <summary>
    /// The largest request head (request line and headers), in bytes. HttpListener itself answers 400 to a head over
    /// 32 KiB before the server sees it, so a larger value changes nothing.
    /// </summary>
    public int MaxHeaderBytes { get; init; } = 32 * 1024;
    /// <summary>Entries per page of <c>/tree</c> and <c>/commits</c> listings (the rest through the <c>Link: rel="next"</c> header).</summary>
    public int PageSize { get; init; } = 1000;
    /// <summary>LFS files at least this large are uploaded in parts (the HF "multipart" transfer); 0 turns multipart off.</summary>
    public long MultipartThreshold { get; init; }
    /// <summary>The size of one part of a multipart upload.</summary>
    public long MultipartChunkSize { get; init; } = 64L * 1024 * 1024;
    /// <summary>Where one line per request goes (method, path without query, status); null for none.</summary>
    public TextWriter? Log { get; init; }
}
