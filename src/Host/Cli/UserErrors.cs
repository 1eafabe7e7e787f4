using HfTrain.Abstractions;
using HfTrain.Engine.Formats;
using HfTrain.Host.Options;

namespace HfTrain.Host.Cli;

/// <summary>
/// Finds the error a user can fix (a <see cref="UsageException"/> or a plugin's <see cref="TaskInputException"/>)
/// in what a command threw, also inside the <see cref="AggregateException"/> that <c>Parallel.For</c> and PLINQ wrap
/// around it, so it prints as a message rather than as a crash with a stack trace.
/// </summary>
internal static class UserErrors
{
    /// <summary>HF_TRAIN_DEBUG=1: print stack traces, also under user errors.</summary>
    public static bool Debug => Environment.GetEnvironmentVariable("HF_TRAIN_DEBUG") is "1" or "true";

    /// <summary>ENOSPC (errno 28, the HResult .NET gives an IOException on Unix): "no space left on PATH (needs about
    /// N MB)" — the folder and size a <see cref="DiskFullException"/> carries, else the path in the message.</summary>
    public static string? DiskFull(Exception error) => error switch
    {
        DiskFullException full =>
            $"no space left on {full.Folder} (needs about {DiskFullException.Megabytes(full.BytesNeeded)} MB). Free space there or point --output_dir at a " +
            "larger disk, then run the same command again: files and checkpoints are written aside and renamed, so none was left half-written " +
            "and the last complete checkpoint is intact.",
        IOException io when io.HResult == 28 || (io.HResult & 0xFFFF) == 0x70 /* Windows ERROR_DISK_FULL */ =>
            $"no space left on {Shown(PathIn(io.Message))}. Free space there or point --output_dir at a larger disk; files are written aside and renamed, so none was left half-written.",
        AggregateException aggregate => aggregate.InnerExceptions.Select(DiskFull).FirstOrDefault(m => m is not null),
        System.Reflection.TargetInvocationException { InnerException: { } inner } => DiskFull(inner),
        _ => error.InnerException is { } inner ? DiskFull(inner) : null,
    };

    /// <summary>The folder for a temporary file written aside (".name.guid.tmp"), else the file.</summary>
    static string Shown(string? path) =>
        path is null ? "the device"
        : Path.GetFileName(path) is { } name && name.StartsWith('.') && name.Contains(".tmp", StringComparison.Ordinal) ? Path.GetDirectoryName(path) ?? path
        : path;

    /// <summary>The path .NET puts in quotes in an IOException message ("... : '/out/model.safetensors'"), if any.</summary>
    static string? PathIn(string message)
    {
        int end = message.LastIndexOf('\'');
        int start = end > 0 ? message.LastIndexOf('\'', end - 1) : -1;
        return start >= 0 ? message[(start + 1)..end] : null;
    }

    /// <summary>The first user error in <paramref name="error"/> (depth-first, in order), else null.</summary>
    public static Exception? Find(Exception error) => error switch
    {
        UsageException or TaskInputException or HfTrain.Hub.Client.HubClientException or HfTrain.Hub.Protocol.HubInputException => error,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Find).FirstOrDefault(e => e is not null),
        System.Reflection.TargetInvocationException { InnerException: { } inner } => Find(inner),
        _ => null,
    };
}
