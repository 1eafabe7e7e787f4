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

            // space back: the same command completes in the folder the failed run left
            File.Delete(Path.Combine(mount, "filler"));
            var (rerun, stdout2, error2) = HostHarness.Run(
                [.. w.Train(Workspace.Data("summarization-train.jsonl"), "--max_train_samples", "4"), "--output_dir", output]);
            Assert.True(rerun == 0, $"the rerun failed with exit {rerun}:\n{stdout2}\n{error2}");
            Assert.True(File.Exists(Path.Combine(output, "model.safetensors")));
        }
        finally
        {
            Tmpfs.Run("umount", mount);
        }
    }

    /// <summary>
    /// A checkpoint save that runs out of space: checkpoint-1 (about 2.9 MB) fits on a 5 MB tmpfs, checkpoint-2 does
    /// not. Exit 2 with "no space left on OUT (needs about 3 MB)", checkpoint-1 intact and identical to the same run's
    /// on a roomy disk, no half-written checkpoint folder; with space back the same command resumes from checkpoint-1
    /// and ends with the weights of an uninterrupted run.
    /// </summary>
    [TmpfsFact]
    public void A_full_disk_during_a_checkpoint_save_keeps_the_last_checkpoint_and_the_rerun_completes()
    {
        using var dir = new TempDir();
        var w = new Workspace(dir.Path);
        string[] Command(string output, params string[] extra) =>
            [.. w.Train(Workspace.Data("summarization-train.jsonl"), ["--max_steps", "3", "--save_steps", "1", .. extra]), "--output_dir", output];
        string reference = Path.Combine(dir.Path, "reference");                          // every checkpoint kept
        var (code, stdout, error) = HostHarness.Run(Command(reference));
        Assert.True(code == 0, stdout + error);

        string mount = Path.Combine(dir.Path, "small");
        Directory.CreateDirectory(mount);
        Assert.Equal(0, Tmpfs.Run("mount", "-t", "tmpfs", "-o", "size=5m", "tmpfs", mount));
        try
        {
            string output = Path.Combine(mount, "out");
            (code, stdout, error) = HostHarness.Run(Command(output, "--save_total_limit", "1"));
            Assert.DoesNotContain("   at ", stdout + error);
            Assert.True(code == 2, $"exit {code}:\n{stdout}\n{error}");
            Assert.Matches($@"error: no space left on {System.Text.RegularExpressions.Regex.Escape(output)} \(needs about [23] MB\)", error);
            Assert.Equal(["checkpoint-1"], Directory.GetDirectories(output).Select(Path.GetFileName));      // nothing half-written beside it
            Assert.Empty(Directory.GetFiles(output, "*.tmp*", SearchOption.AllDirectories));
            foreach (string file in Directory.GetFiles(Path.Combine(reference, "checkpoint-1")).Select(f => Path.GetFileName(f)).Where(f => f != "training_args.json"))
                Assert.True(File.ReadAllBytes(Path.Combine(reference, "checkpoint-1", file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(output, "checkpoint-1", file))),
                    $"checkpoint-1/{file} differs from the same run's on a roomy disk");

            Assert.Equal(0, Tmpfs.Run("mount", "-o", "remount,size=32m", mount));
            (code, stdout, error) = HostHarness.Run(Command(output, "--save_total_limit", "1"));
            Assert.True(code == 0, $"the rerun failed with exit {code}:\n{stdout}\n{error}");
            Assert.Contains($"resuming training at {Path.Combine(output, "checkpoint-1")}", stdout);
            Assert.True(File.ReadAllBytes(Path.Combine(reference, "model.safetensors")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(output, "model.safetensors"))),
                "the resumed run's weights differ from the uninterrupted run's");
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
