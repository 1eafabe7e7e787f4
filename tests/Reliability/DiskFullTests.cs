using System.Diagnostics;

namespace HfTrain.Reliability;

/// <summary>A final save that runs out of space: exit 2, "no space left on PATH", no stack trace, and no truncated
/// model file left behind (files are written aside and renamed). Needs root to mount a 2 MB tmpfs.</summary>
[Collection(HostCollection.Name)]
public sealed class DiskFullTests
{
    [TmpfsFact]
    public void A_full_disk_at_the_final_save_leaves_no_truncated_file()
    {
        using var dir = new TempDir();
        string mount = Path.Combine(dir.Path, "small");
        Directory.CreateDirectory(mount);
        Assert.Equal(0, Tmpfs.Run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount));
        try
        {
            // leave ~600 KB: enough for the lock, the probe and the small files, not for the 946 KB model.safetensors
            File.WriteAllBytes(Path.Combine(mount, "filler"), new byte[1400 * 1024]);
            string output = Path.Combine(mount, "out");
            var w = new Workspace(dir.Path);
            var (code, stdout, error) = HostHarness.Run(
                [.. w.Train(Workspace.Data("summarization-train.jsonl"), "--max_train_samples", "4"), "--output_dir", output]);

            Assert.DoesNotContain("   at ", stdout + error);
            Assert.True(code == 2, $"exit {code}:\n{stdout}\n{error}");
            Assert.Contains($"error: no space left on {output}", error);
            Assert.False(File.Exists(Path.Combine(output, "model.safetensors")), "a truncated model.safetensors was left");
            Assert.Empty(Directory.GetFiles(output, "*.tmp*", SearchOption.AllDirectories));
        }
        finally
        {
            Tmpfs.Run("umount", mount);
        }
    }
}

/// <summary>Skipped unless running as root and a tmpfs mounts here (a container may forbid it).</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (Tmpfs.Unavailable() is { } reason)
            Skip = reason;
    }
}

internal static class Tmpfs
{
    static readonly Lazy<string?> Reason = new(() =>
    {
        if (!OperatingSystem.IsLinux())
            return "needs Linux (mount -t tmpfs)";
        if (Environment.UserName != "root")
            return "needs root to mount a small tmpfs (mount -t tmpfs -o size=2m)";
        string probe = Directory.CreateTempSubdirectory("hf-train-tmpfs-probe-").FullName;
        try
        {
            if (Run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", probe) != 0)
                return "mount -t tmpfs failed here (no CAP_SYS_ADMIN in this container?)";
            Run("umount", probe);
            return null;
        }
        finally
        {
            Directory.Delete(probe);
        }
    });

    public static string? Unavailable() => Reason.Value;

    public static int Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args)
            start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}

/// <summary>Cases run one at a time: they share the process's environment (HF_TRAIN_DEBUG, the caches).</summary>
[CollectionDefinition(Name)]
public sealed class HostCollection
{
    public const string Name = "hf-train in-process";
}
