using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Server;

/// <summary>The content-addressed blobs of a repo: <c>blobs/{aa}/{sha256}</c>, written aside and renamed.</summary>
internal sealed partial class RepoStore
{
    public string BlobPath(RepoId id, string sha256) => BlobPath(RepoDir(id), sha256);

    static string BlobPath(string repoDir, string sha256) =>
        GitHashes.IsSha256(sha256) ? Path.Combine(repoDir, "blobs", sha256[..2], sha256) : throw new BadRequestException($"'{sha256}' is not a sha256.");

    /// <summary>The size of the stored blob, or null when this repo has none with that sha256.</summary>
    public long? BlobSize(RepoId id, string sha256)
    {
        var info = new FileInfo(BlobPath(id, sha256));
        return info.Exists ? info.Length : null;
    }

    /// <summary>Moves a verified temporary file into the repo's blob store (a no-op when that blob is there).</summary>
    public void AdoptBlob(RepoId id, string sha256, string tempFile)
    {
        string target = BlobPath(id, sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(tempFile, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            File.Delete(tempFile);
        }
    }

    public void StoreBlob(RepoId id, string sha256, ReadOnlySpan<byte> content) => WriteBlob(RepoDir(id), sha256, content);

    void WriteBlob(string repoDir, string sha256, ReadOnlySpan<byte> content)
    {
        string target = BlobPath(repoDir, sha256);
        if (File.Exists(target))
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string temp = TempPath("blob");
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(temp, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            File.Delete(temp);
        }
    }
}
