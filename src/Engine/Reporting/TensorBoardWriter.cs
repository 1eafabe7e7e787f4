using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

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
    readonly FileStream _file;
    long _lastStep;

    /// <summary>Creates <paramref name="dir"/> and events.out.tfevents.{time}.{host}.{pid}.0 in it (torch's SummaryWriter name).</summary>
    public TensorBoardWriter(string dir)
    {
        Directory.CreateDirectory(dir);
        var now = DateTimeOffset.UtcNow;
        FilePath = Path.Combine(dir, string.Create(CultureInfo.InvariantCulture,
            $"events.out.tfevents.{now.ToUnixTimeSeconds():D10}.{Dns.GetHostName()}.{Environment.ProcessId}.0"));
        _file = new FileStream(FilePath, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
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
