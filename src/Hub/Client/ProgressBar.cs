namespace HfTrain.Hub.Client;

/// <summary>
/// A plain-text progress line for one large transfer (no escapes but a carriage return, one final newline). Files
/// under <see cref="MinimumBytes"/> and HF_HUB_DISABLE_PROGRESS_BARS get none; a redirected stream gets a line per
/// quarter, not a carriage-return animation.
/// </summary>
public sealed class ProgressBar
{
    /// <summary>Smaller transfers print nothing.</summary>
    public const long MinimumBytes = 10L * 1024 * 1024;

    readonly TextWriter _writer;
    readonly string _label;
    readonly long _total;
    readonly bool _interactive;
    int _shown = -1;

    ProgressBar(TextWriter writer, string label, long total, bool interactive)
    {
        _writer = writer;
        _label = label;
        _total = total;
        _interactive = interactive;
    }

    /// <summary>A bar for <paramref name="total"/> bytes, or null when none should be shown.</summary>
    public static ProgressBar? Start(TextWriter? writer, string label, long? total, bool interactive)
    {
        if (writer is null || total is not { } bytes || bytes < MinimumBytes)
            return null;
        return new ProgressBar(writer, label, bytes, interactive);
    }

    public void Report(long done)
    {
        int percent = (int)(Math.Min(done, _total) * 100 / _total);
        int step = _interactive ? percent : percent / 25 * 25;
        if (step == _shown)
            return;
        _shown = step;
        string line = $"{_label}: {step,3}% {Megabytes(done)}/{Megabytes(_total)} MB";
        if (_interactive)
            _writer.Write("\r" + line + (step == 100 ? Environment.NewLine : ""));
        else
            _writer.WriteLine(line);
    }

    static string Megabytes(long bytes) => (bytes / 1e6).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
}
