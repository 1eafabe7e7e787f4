using System.Runtime.CompilerServices;

namespace HfTrain.Tests.Shared;

/// <summary>
/// The full shared data sets: <c>../shared/data</c> beside the repository root (the folder holding Tasks.sln above
/// the test assembly). A clone has no such folder; its tests use the committed slices
/// (<c>tests/Fixtures/shared-data-slice</c>) and skip the ones marked <see cref="SharedDataFactAttribute"/> or
/// <see cref="SharedDataTheoryAttribute"/>.
/// </summary>
public static class SharedData
{
    public const string SkipReason =
        "needs the full shared data sets in ../shared/data beside the repository root (not there); " +
        "the slices in tests/Fixtures/shared-data-slice run instead";

    /// <summary>The folder holding Tasks.sln above the test assembly.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>../shared/data beside the repository root, or null where it does not exist.</summary>
    public static string? Folder { get; } = FindFolder();

    /// <summary>"Class.Method (skipped: reason)", the class named after its file (one class per file).</summary>
    public static string SkippedName(string file, string test) =>
        $"{System.IO.Path.GetFileNameWithoutExtension(file.Replace('\\', '/').Split('/')[^1])}.{test} (skipped: {SkipReason})";

    /// <summary>A file or folder of the full shared data; only for tests marked to skip without it.</summary>
    public static string Path(string relative) =>
        System.IO.Path.Combine(Folder ?? throw new InvalidOperationException(SkipReason), relative);

    static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Tasks.sln")))
                return dir.FullName;
        throw new InvalidOperationException("No Tasks.sln above " + AppContext.BaseDirectory);
    }

    static string? FindFolder()
    {
        string folder = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared", "data"));
        return Directory.Exists(folder) ? folder : null;
    }
}

/// <summary>
/// A fact that reads the full shared data: skipped where ../shared/data is missing, the reason in its display name
/// (the console logger prints skip reasons only at detailed verbosity).
/// </summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute([CallerMemberName] string test = "", [CallerFilePath] string file = "")
    {
        if (SharedData.Folder is null)
            (Skip, DisplayName) = (SharedData.SkipReason, SharedData.SkippedName(file, test));
    }
}

/// <summary>A theory that reads the full shared data: skipped where ../shared/data is missing, as <see cref="SharedDataFactAttribute"/>.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute([CallerMemberName] string test = "", [CallerFilePath] string file = "")
    {
        if (SharedData.Folder is null)
            (Skip, DisplayName) = (SharedData.SkipReason, SharedData.SkippedName(file, test));
    }
}
