using System.Globalization;
using System.Text.RegularExpressions;
using HfTrain.Engine.Formats;

namespace HfTrain.Engine.Training;

/// <summary>
/// The <c>checkpoint-N</c> folders of an output directory. A checkpoint is written in a hidden temporary folder
/// and renamed into place when complete, so a crash (even <c>kill -9</c>) never leaves a folder that looks like a
/// checkpoint but is not one; leftovers of interrupted writes are removed on the next run.
/// </summary>
public sealed partial class CheckpointStore(string outputDir)
{
    public const string Prefix = "checkpoint-";

    public string OutputDir { get; } = outputDir;

    /// <summary>Complete checkpoints, oldest first, as (step, folder).</summary>
    public IReadOnlyList<(int Step, string Path)> List()
    {
        if (!Directory.Exists(OutputDir))
            return [];
        return Directory.EnumerateDirectories(OutputDir)
            .Select(d => (Match: CheckpointName().Match(Path.GetFileName(d)), Path: d))
            .Where(x => x.Match.Success && File.Exists(Path.Combine(x.Path, TrainingCheckpoint.StateFile)))
            .Select(x => (int.Parse(x.Match.Groups[1].Value, CultureInfo.InvariantCulture), x.Path))
            .OrderBy(x => x.Item1)
            .ToList();
    }

    /// <summary>transformers' get_last_checkpoint: the highest-numbered complete checkpoint, or null.</summary>
    public string? Latest() => List() is { Count: > 0 } all ? all[^1].Path : null;

    /// <summary>Writes a checkpoint through <paramref name="write"/> into a temporary folder, then renames it.</summary>
    public string Save(int step, Action<string> write)
    {
        Directory.CreateDirectory(OutputDir);
        string final = Path.Combine(OutputDir, Prefix + step.ToString(CultureInfo.InvariantCulture));
        string temp = Path.Combine(OutputDir, $".{Prefix}{step}.tmp-{Environment.ProcessId}");
        if (Directory.Exists(temp))
            Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        try
        {
            write(temp);
            AtomicFile.ReplaceDirectory(temp, final);
        }
        catch (Exception e) when (DiskFullException.IsDiskFull(e))
        {
            // a checkpoint needs about what the last one took (or what this one wrote before the disk filled, plus the file)
            long needed = Math.Max(Latest() is { } last ? DiskFullException.SizeOf(last) : 0,
                DiskFullException.SizeOf(temp) + ((e as DiskFullException)?.BytesNeeded ?? 0));
            if (Directory.Exists(temp))
                Directory.Delete(temp, recursive: true);
            throw new DiskFullException(OutputDir, needed, e);
        }
        catch
        {
            if (Directory.Exists(temp))
                Directory.Delete(temp, recursive: true);
            throw;
        }
        return final;
    }

    /// <summary>Removes temporary folders left by interrupted checkpoint writes.</summary>
    public void RemoveIncomplete()
    {
        if (!Directory.Exists(OutputDir))
            return;
        foreach (string dir in Directory.EnumerateDirectories(OutputDir, $".{Prefix}*.tmp-*"))
            Directory.Delete(dir, recursive: true);
    }

    /// <summary>
    /// save_total_limit: deletes the oldest checkpoints beyond <paramref name="limit"/>, never the newest nor
    /// <paramref name="best"/> (HF's _rotate_checkpoints).
    /// </summary>
    public IReadOnlyList<string> Rotate(int? limit, string? best)
    {
        if (limit is not { } keep || keep <= 0)
            return [];
        var all = List();
        var deletable = all.Take(Math.Max(0, all.Count - 1))
            .Where(c => best is null || Path.GetFullPath(c.Path) != Path.GetFullPath(best)).ToList();
        int excess = all.Count - Math.Max(keep, best is not null && all.Count > 0 && Path.GetFullPath(best) != Path.GetFullPath(all[^1].Path) ? 2 : 1);
        var deleted = new List<string>();
        foreach (var (_, path) in deletable.Take(Math.Max(0, excess)))
        {
            Directory.Delete(path, recursive: true);
            deleted.Add(path);
        }
        return deleted;
    }

    [GeneratedRegex(@"^checkpoint-(\d+)$")]
    private static partial Regex CheckpointName();
}
