namespace HfTrain.Data.Tests;

/// <summary>Paths of the committed inputs and fixtures (copied next to the test assembly).</summary>
internal static class Inputs
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Inputs", name);

    /// <summary>The committed first rows of the shared data sets, laid out as ../shared/data is (see its README).</summary>
    public static string Slice(string relative) =>
        System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "shared-data-slice", relative);

    /// <summary>The repository root (the folder holding Tasks.sln above the test assembly).</summary>
    public static string RepositoryRoot => SharedData.RepositoryRoot;
}
