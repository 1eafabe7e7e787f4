using System.Text;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Server;

/// <summary>A file of a commit: its content's sha256 and size, its git oid and whether it is an LFS file.</summary>
internal sealed record FileEntry(string Sha256, long Size, bool Lfs)
{
    /// <summary>The git blob id the Hub shows: of the content for a regular file, of the LFS pointer for an LFS file.</summary>
    public string GitOid { get; init; } = "";

    public string Pointer => LfsPointer(Sha256, Size);

    /// <summary>The ETag of <c>resolve</c>: git's blob sha1 for a regular file, the sha256 for an LFS file (as the Hub).</summary>
    public string Etag => Lfs ? Sha256 : GitOid;

    public static string LfsPointer(string sha256, long size) =>
        $"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}\n";

    public static FileEntry LfsFile(string sha256, long size) =>
        new(sha256, size, true) { GitOid = GitHashes.BlobSha1(Encoding.ASCII.GetBytes(LfsPointer(sha256, size))) };
}

/// <summary>One commit: its parent, its message, and the whole file map (path → entry), sorted by path.</summary>
internal sealed record CommitRecord(
    string Id, string? Parent, string Summary, string Description, string Author, DateTimeOffset Date,
    IReadOnlyDictionary<string, FileEntry> Files)
{
    public string Title => Summary;
}

/// <summary>A repo's settings, kept in <c>repo.json</c>.</summary>
internal sealed record RepoInfo(RepoId Id, bool Private, DateTimeOffset CreatedAt);

/// <summary>A repo that does not exist (or that the caller may not see).</summary>
internal sealed class RepoNotFoundException(string message) : Exception(message);
internal sealed class RevisionNotFoundException(string message) : Exception(message);
internal sealed class EntryNotFoundException(string message) : Exception(message);
internal sealed class ConflictException(string message) : Exception(message);
/// <summary>An input the server refuses (400), with a message for the client.</summary>
internal sealed class BadRequestException(string message) : Exception(message);
