using HfTrain.Host.Options;

namespace HfTrain.Host.Jobs;

/// <summary>HF's <c>--log_level</c> values; <c>passive</c> keeps the scripts' default, which is info.</summary>
internal enum LogLevel
{
    Debug,
    Info,
    Warning,
    Error,
    Critical,
}

/// <summary>
/// A run's messages by level, as <c>--log_level</c> asks: status lines (model, data, device, files written) are
/// info; warnings go to stderr. Training log lines, metrics and reports are always printed, as HF's
/// <c>log_metrics</c> and progress callbacks print them whatever the level.
/// </summary>
internal sealed class RunLog(TextWriter output, TextWriter error, LogLevel level)
{
    public static readonly string[] Names = ["debug", "info", "warning", "error", "critical", "passive"];

    public LogLevel Level => level;

    /// <summary>The level named by --log_level (null or passive: info, as run_summarization sets it).</summary>
    public static LogLevel Parse(string? name) => name switch
    {
        null or "passive" or "info" => LogLevel.Info,
        "debug" => LogLevel.Debug,
        "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" => LogLevel.Critical,
        _ => throw new UsageException($"--log_level '{name}' is not one of: {string.Join(", ", Names)}."),
    };

    public void Info(string line)
    {
        if (level <= LogLevel.Info)
            output.WriteLine(line);
    }

    public void Warning(string message)
    {
        if (level <= LogLevel.Warning)
            error.WriteLine($"warning: {message}");
    }

    /// <summary>Results and training logs: printed at every level.</summary>
    public void Always(string line) => output.WriteLine(line);
}
