using System.Diagnostics;
using HfTrain.Hub.Client;

namespace HfTrain.Hub.Tests.Client;

/// <summary>A test that needs python3: skipped, with the reason, where it is not installed.</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (Python is null)
            Skip = "python3 is not installed: the check that Python's filelock and hf-train exclude each other needs it on PATH.";
    }

    internal static string? Python =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "python3")).FirstOrDefault(File.Exists);
}

/// <summary>The blob lock is the one Python's <c>filelock.UnixFileLock</c> takes: <c>flock(LOCK_EX | LOCK_NB)</c>
/// on the same file, so a Python download and an hf-train download of one blob wait for each other.</summary>
public sealed class PythonLockTests
{
    [PythonFact]
    public async Task A_lock_held_by_python_filelock_keeps_hf_train_waiting()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, ".locks", "models--org--name", "abc.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // what filelock.UnixFileLock._acquire does
        const string script = "import fcntl, os, sys\n" +
                              "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)\n" +
                              "fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\n" +
                              "print('locked', flush=True)\n" +
                              "sys.stdin.readline()\n";
        var start = new ProcessStartInfo(PythonFactAttribute.Python!, ["-c", script, path])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        using var python = Process.Start(start)!;
        Assert.Equal("locked", await python.StandardOutput.ReadLineAsync());

        var held = await Assert.ThrowsAsync<HubClientException>(() => CacheFileLock.AcquireAsync(path, TimeSpan.Zero));
        Assert.Contains(path, held.Message);

        python.StandardInput.WriteLine();
        await python.WaitForExitAsync();
        using var mine = await CacheFileLock.AcquireAsync(path, TimeSpan.FromSeconds(30));

        // and the other way round: Python cannot take it while hf-train holds it
        var second = new ProcessStartInfo(PythonFactAttribute.Python!, ["-c",
            "import fcntl, os, sys\nfd = os.open(sys.argv[1], os.O_RDWR)\n" +
            "try:\n    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\n    print('acquired')\nexcept BlockingIOError:\n    print('busy')\n", path])
        { RedirectStandardOutput = true };
        using var blocked = Process.Start(second)!;
        Assert.Equal("busy", (await blocked.StandardOutput.ReadToEndAsync()).Trim());
        await blocked.WaitForExitAsync();
    }
}
