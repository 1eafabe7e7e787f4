using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Client;

/// <summary>One change of a commit (<c>_commit_api.py</c>): a local file added at a repo path, or a repo path deleted.</summary>
public abstract record CommitOperation(string PathInRepo);

/// <summary><c>CommitOperationAdd</c>: <paramref name="LocalPath"/> becomes <paramref name="PathInRepo"/>.</summary>
public sealed record AddFile(string PathInRepo, string LocalPath) : CommitOperation(RepoPath.Validate(PathInRepo))
{
    /// <summary>Every file under <paramref name="folder"/> as adds under <paramref name="prefix"/> (""), in path
    /// order; hidden <c>.git</c> and <c>.cache/huggingface</c> folders are left out, as <c>upload_folder</c> does.</summary>
    public static IReadOnlyList<AddFile> Folder(string folder, string prefix = "")
    {
        string root = Path.GetFullPath(folder);
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(r => !r.StartsWith(".git/", StringComparison.Ordinal) && r != ".git"
                        && !r.StartsWith(".cache/huggingface/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(r => new AddFile(prefix.Length == 0 ? r : prefix.TrimEnd('/') + "/" + r, Path.Combine(root, r)))
            .ToList();
    }
}

/// <summary><c>CommitOperationDelete</c> of one file.</summary>
public sealed record DeleteFile(string PathInRepo) : CommitOperation(RepoPath.Validate(PathInRepo));
