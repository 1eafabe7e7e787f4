using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Client;

/// <summary>
/// One repository in the HF cache, laid out as huggingface_hub's <c>file_download.py</c> does, so Python and hf-train
/// share it: <c>{cache}/{models|datasets}--org--name/</c> with <c>blobs/&lt;etag&gt;</c>,
/// <c>snapshots/&lt;commit&gt;/&lt;path&gt;</c> (a relative symlink to the blob), <c>refs/&lt;revision&gt;</c> (the commit),
/// <c>.no_exist/&lt;commit&gt;/&lt;path&gt;</c> (files known to be missing), and the lock files under
/// <c>{cache}/.locks/{repo folder}/&lt;etag&gt;.lock</c>.
/// </summary>
public sealed record CacheLayout(string CacheRoot, RepoId Repo)
{
    /// <summary><c>repo_folder_name</c>: <c>models--org--name</c>.</summary>
    public string FolderName => Repo.CacheFolderName;

    public string Folder => Path.Combine(CacheRoot, FolderName);

    public string Blob(string etag) => Path.Combine(Folder, "blobs", etag);

    public string Snapshot(string commit) => Path.Combine(Folder, "snapshots", commit);

    /// <summary>The snapshot path of <paramref name="path"/>; a path that could leave the snapshot is refused.</summary>
    public string Pointer(string commit, string path) => Path.Combine(Snapshot(commit), Native(RepoPath.Validate(path)));

    public string Ref(string revision) => Path.Combine(Folder, "refs", Native(Revision.Validate(revision)));

    public string NoExist(string commit, string path) => Path.Combine(Folder, ".no_exist", commit, Native(RepoPath.Validate(path)));

    public string Lock(string etag) => Path.Combine(CacheRoot, ".locks", FolderName, etag + ".lock");

    /// <summary>The commit <c>refs/&lt;revision&gt;</c> names; a 40-hex revision is its own commit; else null.</summary>
    public string? CommitOf(string revision)
    {
        if (IsCommit(revision))
            return revision;
        string path = Ref(revision);
        return File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } commit ? commit : null;
    }

    /// <summary>Writes <c>refs/&lt;revision&gt;</c> when it differs (<c>_cache_commit_hash_for_specific_revision</c>).</summary>
    public void WriteRef(string revision, string commit)
    {
        if (revision == commit)
            return;
        string path = Ref(revision);
        if (File.Exists(path) && File.ReadAllText(path).Trim() == commit)
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string aside = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(aside, commit);
        File.Move(aside, path, overwrite: true);
    }

    /// <summary>Points <c>snapshots/&lt;commit&gt;/&lt;path&gt;</c> at the blob with a relative symlink
    /// (<c>_create_symlink</c>); where links cannot be made, the blob is copied.</summary>
    public void Link(string commit, string path, string etag)
    {
        string pointer = Pointer(commit, path), blob = Blob(etag);
        Directory.CreateDirectory(Path.GetDirectoryName(pointer)!);
        string relative = Path.GetRelativePath(Path.GetDirectoryName(pointer)!, blob);
        string aside = Path.Combine(Path.GetDirectoryName(pointer)!, $".{Path.GetFileName(pointer)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.CreateSymbolicLink(aside, relative);
        }
        catch (IOException)
        {
            File.Copy(blob, aside);
        }
        catch (UnauthorizedAccessException)
        {
            File.Copy(blob, aside);
        }
        File.Move(aside, pointer, overwrite: true);
    }

    public static bool IsCommit(string revision) => Revision.IsCommitId(revision);

    static string Native(string path) => path.Replace('/', Path.DirectorySeparatorChar);
}
