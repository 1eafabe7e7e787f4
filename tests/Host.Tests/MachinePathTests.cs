using System.Diagnostics;
using System.Text.RegularExpressions;

namespace HfTrain.Host.Tests;

/// <summary>
/// No absolute path of a development machine in code, scripts, build files or docs: the repository must work wherever
/// it is cloned. Paths beside the repository are written relative to it (<c>../shared/data</c>).
/// </summary>
public sealed partial class MachinePathTests
{
    /// <summary>What is scanned: code, build files, scripts and docs (data files such as fixtures can hold any text).</summary>
    static readonly HashSet<string> Scanned =
        [".cs", ".csproj", ".props", ".targets", ".sln", ".sh", ".py", ".md", ".editorconfig", ".gitignore", ".yml", ".yaml"];

    /// <summary>Obviously generic examples that tests pass to code taking paths (file, text on the line).</summary>
    static readonly (string File, string Text)[] Generic =
    [
        ("tests/Host.Tests/PluginDiscoveryTests.cs", "\"/home/u"),                  // a made-up HOME for PluginLocations
        ("tests/Data.Tests/Predictions/GeneratedTextFileTests.cs", "@\"C:\\path\\n"), // a backslash before an n, not a newline
    ];

    /// <summary>Unix home, root and work folders, macOS homes, Windows drives.</summary>
    [GeneratedRegex(@"(?<![\w.~-])/(?:work|root|home|Users)/|(?<![\w])[A-Za-z]:\\")]
    private static partial Regex MachinePath();

    [Fact]
    public void No_tracked_file_names_an_absolute_machine_path()
    {
        string root = SharedData.RepositoryRoot;
        string self = "tests/Host.Tests/MachinePathTests.cs";      // its patterns and examples are the point
        var found = new List<string>();
        var files = TrackedFiles(root).Where(f => f != self && IsScanned(root, f)).ToList();
        foreach (string file in files)
        {
            string[] lines = File.ReadAllLines(Path.Combine(root, file));
            for (int i = 0; i < lines.Length; i++)
                if (MachinePath().IsMatch(lines[i]) && !Generic.Any(g => g.File == file && lines[i].Contains(g.Text, StringComparison.Ordinal)))
                    found.Add($"{file}:{i + 1}: {lines[i].Trim()}");
        }

        Assert.Contains("src/Host/Host.csproj", files);
        Assert.True(found.Count == 0, "Absolute machine paths (write them relative to the repository root):\n" + string.Join("\n", found));
    }

    [Theory]
    [InlineData("return \"/" + "work/shared/data\";", true)]
    [InlineData("cd /" + "root/project", true)]
    [InlineData("HOME=/" + "home/someone/.cache", true)]
    [InlineData("open(\"C:" + "\\\\Users\\\\me\")", true)]
    [InlineData("gzip ../shared/data/x.jsonl > .gpu/data/x.jsonl.gz", false)]
    [InlineData("see tests/" + "work/notes and ~/" + "home/ and https://host/" + "home/page", false)]
    public void The_pattern_tells_machine_paths_from_relative_ones(string line, bool machine) =>
        Assert.Equal(machine, MachinePath().IsMatch(line));

    static bool IsScanned(string root, string file)
    {
        string name = Path.GetFileName(file);
        if (Scanned.Contains(Path.GetExtension(file)) || Scanned.Contains(name))
            return true;
        if (Path.GetExtension(file).Length > 0)
            return false;
        using var reader = new StreamReader(Path.Combine(root, file));
        return reader.ReadLine()?.StartsWith("#!", StringComparison.Ordinal) == true;   // a script without extension (.ci/run)
    }

    /// <summary>git ls-files where git and the .git folder are there; else every file outside bin, obj and .git.</summary>
    static List<string> TrackedFiles(string root)
    {
        try
        {
            var start = new ProcessStartInfo("git", ["-C", root, "ls-files", "-z"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var git = Process.Start(start)!;
            string output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            if (git.ExitCode == 0 && output.Length > 0)
                return [.. output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Where(f => File.Exists(Path.Combine(root, f)))];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // no git on PATH: walk the folders instead
        }
        string[] skipped = ["bin", "obj", ".git", "artifacts", ".gpu", "TestResults"];
        return [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => skipped.Contains(part)))];
    }
}
