using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using HfTrain.Abstractions;

namespace HfTrain.Engine.Reporting;

/// <summary>
/// <c>--report_to tensorboard</c>: one event file per run under logging_dir, with a scalar per number of each log
/// entry under the tags transformers' TensorBoardCallback uses (integrations rewrite_logs): "eval_x" → "eval/x",
/// "test_x" → "test/x", anything else → "train/x"; the entry's "step" is the global step, not a scalar.
/// Flushed after every entry, as the callback does, so a running TensorBoard sees progress and a crash loses nothing.
/// We write the file ourselves rather than through TorchSharp's SummaryWriter: the format is small (TfRecord + two
/// protobuf messages) and this keeps reporting independent of libtorch and its file naming.
/// </summary>
public sealed class TensorBoardWriter : IDisposable
{
    static int s_uid = -1; // torch's _global_uid: two writers in one process and second get distinct files
    readonly FileStream _file;
    long _lastStep;

    /// <summary>Creates <paramref name="dir"/> and events.out.tfevents.{time}.{host}.{pid}.{n} in it (torch's SummaryWriter name).</summary>
    /// <exception cref="TaskInputException">The directory or file cannot be created (names --logging_dir and the fix).</exception>
    public TensorBoardWriter(string dir)
    {
        var now = DateTimeOffset.UtcNow;
        FilePath = Path.Combine(dir, string.Create(CultureInfo.InvariantCulture,
            $"events.out.tfevents.{now.ToUnixTimeSeconds():D10}.{Dns.GetHostName()}.{Environment.ProcessId}.{Interlocked.Increment(ref s_uid)}"));
        try
        {
            Directory.CreateDirectory(dir);
            _file = new FileStream(FilePath, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TaskInputException($"--logging_dir {dir}: cannot create the TensorBoard event file ({e.Message}). " +
                                         "Pass a writable --logging_dir, or leave tensorboard out of --report_to.");
        }
        Write(EventProto.FileVersion(WallTime()));
        _file.Flush();
    }

    public string FilePath { get; }

    /// <summary>
    /// HF's default logging_dir: output_dir/runs/{%b%d_%H-%M-%S}_{hostname}, local time, e.g. runs/Nov27_20-18-21_host.
    /// </summary>
    public static string DefaultLogDir(string outputDir, DateTime localNow, string hostName) =>
        Path.Combine(outputDir, "runs", localNow.ToString("MMMdd_HH-mm-ss", CultureInfo.InvariantCulture) + "_" + hostName);

    public static string DefaultLogDir(string outputDir) => DefaultLogDir(outputDir, DateTime.Now, Dns.GetHostName());

    /// <summary>One log_history entry: every numeric value becomes a scalar at the entry's step (null = NaN).</summary>
    public void Log(JsonObject entry)
    {
        if (entry.TryGetPropertyValue("step", out var stepNode) && LogValue.TryGetNumber(stepNode, out var s) && double.IsFinite(s))
            _lastStep = (long)s;
        var wallTime = WallTime();
        foreach (var (key, value) in entry)
        {
            if (key == "step" || !LogValue.TryGetNumber(value, out var number)) continue; // strings/objects: HF warns and skips
            Write(EventProto.Scalar(wallTime, _lastStep, Tag(key), (float)number));
        }
        _file.Flush();
    }

    /// <summary>integrations.rewrite_logs.</summary>
    public static string Tag(string key) =>
        key.StartsWith("eval_", StringComparison.Ordinal) ? "eval/" + key[5..]
        : key.StartsWith("test_", StringComparison.Ordinal) ? "test/" + key[5..]
        : "train/" + key;

    void Write(byte[] eventBytes) => TfRecord.Write(_file, eventBytes);

    static double WallTime() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    public void Dispose() => _file.Dispose();
}
