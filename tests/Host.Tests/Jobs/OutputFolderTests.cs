using System.Diagnostics;
using HfTrain.Host.Jobs;

namespace HfTrain.Host.Tests.Jobs;

/// <summary>The output folder is made, probed and locked before any work; a second run on it fails at once.</summary>
public sealed class OutputFolderTests
{
    static readonly string[] Base = ["summarization", "--model_name_or_path", "/nonexistent/model", "--do_train", "--train_file", "/nonexistent/train.jsonl"];

    static (int Code, string Output, string Error) Run(string outputDir) => new HostHarness().Run([.. Base, "--output_dir", outputDir]);

    static void AssertOneLineWithoutStack(string error)
    {
        Assert.DoesNotContain("   at ", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void A_file_in_place_of_the_folder_fails_before_the_model_is_read()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "out");
        File.WriteAllText(path, "not a folder");
        var (code, _, error) = Run(path);
        Assert.Equal(2, code);
        Assert.Contains($"--output_dir {path}", error);
        Assert.Contains("a file of that name", error);
        Assert.DoesNotContain("model_name_or_path", error);
        AssertOneLineWithoutStack(error);
    }

    [Fact]
    public void A_path_under_a_file_names_the_file()
    {
        using var dir = new TempDir();
        string file = Path.Combine(dir.Path, "file");
        File.WriteAllText(file, "");
        var (code, _, error) = Run(Path.Combine(file, "out"));
        Assert.Equal(2, code);
        Assert.Contains($"{file} is a file, not a folder", error);
        AssertOneLineWithoutStack(error);
    }

    [Fact]
    public void A_name_too_long_is_refused_naming_the_path()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, new string('x', 300));
        var (code, _, error) = Run(path);
        Assert.Equal(2, code);
        Assert.Contains($"--output_dir {path}", error);
        AssertOneLineWithoutStack(error);
    }

    [NotRootFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_read_only_folder_fails_the_probe()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "out");
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
                                   UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        try
        {
            var (code, _, error) = Run(path);
            Assert.Equal(2, code);
            Assert.Contains($"--output_dir {path}: cannot write in the folder", error);
            AssertOneLineWithoutStack(error);
        }
        finally
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void A_held_lock_fails_the_run_at_once_naming_the_holder()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "out");
        Directory.CreateDirectory(path);
        string lockFile = Path.Combine(path, OutputFolder.LockFileName);
        using (var held = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            held.Write("4242\nhf-train summarization --fake_holder\n"u8);
            held.Flush();
            var (code, _, error) = Run(path);
            Assert.Equal(2, code);
            Assert.Contains("is in use by another hf-train run", error);
            Assert.Contains("pid 4242: hf-train summarization --fake_holder", error);
            Assert.DoesNotContain("model_name_or_path", error);
            AssertOneLineWithoutStack(error);
        }
        Assert.Contains("model_name_or_path", Run(path).Error);   // released: the run gets past the folder
    }

    [Fact]
    public void The_lock_is_an_os_file_lock_that_other_processes_see()
    {
        if (!File.Exists("/usr/bin/flock"))
            return;                                          // util-linux's flock(1) is the other process
        using var dir = new TempDir();
        string lockFile = Path.Combine(dir.Path, OutputFolder.LockFileName);
        using (OutputFolder.Claim(dir.Path))
        {
            Assert.Equal(1, Flock(lockFile));
            Assert.StartsWith($"{Environment.ProcessId}\n", ReadShared(lockFile));
        }
        Assert.Equal(0, Flock(lockFile));
        Assert.Equal("", ReadShared(lockFile));
    }

    [Fact]
    public void Claiming_again_after_release_works_and_a_second_claim_while_held_does_not()
    {
        using var dir = new TempDir();
        using (OutputFolder.Claim(dir.Path))
        {
            var e = Assert.ThrowsAny<Exception>(() => OutputFolder.Claim(dir.Path));
            Assert.Contains($"pid {Environment.ProcessId}:", e.Message);
        }
        using (OutputFolder.Claim(dir.Path))
        {
        }
        Assert.Equal([OutputFolder.LockFileName], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    /// <summary>flock -n: 1 when another process holds the lock, 0 when it could be taken.</summary>
    static int Flock(string file)
    {
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/flock", ["-n", "-E", "1", file, "true"]))!;
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Reads without .NET's flock, which the holder's exclusive lock would refuse.</summary>
    static string ReadShared(string file)
    {
        using var process = Process.Start(new ProcessStartInfo("cat", [file]) { RedirectStandardOutput = true })!;
        string text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }
}

/// <summary>A test that needs file modes to hold: root ignores them (CI runs as root), so it is skipped there.</summary>
public sealed class NotRootFactAttribute : FactAttribute
{
    public NotRootFactAttribute()
    {
        if (Environment.UserName == "root")
            Skip = "runs as root, which ignores file modes";
        else if (OperatingSystem.IsWindows())
            Skip = "Unix file modes";
    }
}
