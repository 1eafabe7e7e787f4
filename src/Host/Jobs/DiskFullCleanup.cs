using HfTrain.Engine.Formats;
using HfTrain.Engine.Training;

namespace HfTrain.Host.Jobs;

/// <summary>
/// A run that ends on a full disk with no checkpoint to resume from takes back what it put in the output folder (the
/// config of a final save whose weights did not fit, results, logs), so that HF's "already exists and is not empty"
/// rule does not block the rerun of the same command once there is space. With a checkpoint the rerun resumes, and
/// nothing is removed. Entries that were there before the run are never touched.
/// </summary>
internal static class DiskFullCleanup
{
    public static int Run(string? outputDir, Func<int> job)
    {
        var before = outputDir is not null && Directory.Exists(outputDir)
            ? Directory.EnumerateFileSystemEntries(outputDir).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal)
            : [];
        try
        {
            return job();
        }
        catch (Exception e) when (outputDir is not null && IsDiskFull(e))
        {
            Revert(outputDir, before!);
            throw;
        }
    }

    static void Revert(string outputDir, HashSet<string?> before)
    {
        if (!Directory.Exists(outputDir) || new CheckpointStore(outputDir).Latest() is not null)
            return;
        foreach (string entry in Directory.EnumerateFileSystemEntries(outputDir).ToList())
        {
            string name = Path.GetFileName(entry);
            if (before.Contains(name) || OutputFolder.IsOwnFile(name))
                continue;
            try
            {
                if (Directory.Exists(entry))
                    Directory.Delete(entry, recursive: true);
                else
                    File.Delete(entry);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // best effort: the disk-full error is what the user needs to see
            }
        }
    }

    static bool IsDiskFull(Exception e) => e switch
    {
        _ when DiskFullException.IsDiskFull(e) => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsDiskFull),
        _ => e.InnerException is { } inner && IsDiskFull(inner),
    };
}
