namespace HfTrain.Data.Tests;

/// <summary>Paths of the committed inputs (copied next to the test assembly) and of /work/shared/data.</summary>
internal static class Inputs
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Inputs", name);

    /// <summary>The team's shared data folder (../shared/data from the repository root).</summary>
    public static string SharedData
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "shared", "data");
                if (File.Exists(System.IO.Path.Combine(candidate, "README.md")))
                    return candidate;
            }
            return "/work/shared/data";
        }
    }

    /// <summary>The repository root (the folder holding Directory.Packages.props above the test assembly).</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Directory.Packages.props")))
                    return dir.FullName;
            throw new InvalidOperationException("No Directory.Packages.props above " + AppContext.BaseDirectory);
        }
    }
}
