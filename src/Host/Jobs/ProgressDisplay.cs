using System.Globalization;
using HfTrain.Engine.Training;
using Spectre.Console;

namespace HfTrain.Host.Jobs;

/// <summary>
/// A live status line while training — step, epoch, last logged loss, learning rate, samples/s, ETA — redrawn in
/// place when stdout is a terminal (Spectre.Console decides), at most a few times a second. When stdout is a file
/// or a pipe it draws nothing: the trainer's log lines (with step and ETA) are the progress there.
/// </summary>
internal sealed class ProgressDisplay
{
    readonly IAnsiConsole? _console;
    DateTime _lastDraw = DateTime.MinValue;
    bool _drawn;

    public ProgressDisplay(bool stdoutIsTerminal)
    {
        if (stdoutIsTerminal && AnsiConsole.Profile.Capabilities.Interactive)
            _console = AnsiConsole.Console;
    }

    public static bool StdoutIsTerminal => !Console.IsOutputRedirected;

    public void Step(StepProgress p)
    {
        if (_console is null || (DateTime.UtcNow - _lastDraw).TotalMilliseconds < 250 && p.Step != p.TotalSteps)
            return;
        _lastDraw = DateTime.UtcNow;
        double perSecond = p.Samples / Math.Max(1e-9, p.Elapsed.TotalSeconds);
        var eta = TimeSpan.FromSeconds(p.Elapsed.TotalSeconds / Math.Max(1, p.Step) * (p.TotalSteps - p.Step));
        string loss = p.LastLoss is { } l ? l.ToString("0.0000", CultureInfo.InvariantCulture) : "–";
        string line = $"[bold]step {p.Step}/{p.TotalSteps}[/] ({100.0 * p.Step / p.TotalSteps:0}%) │ epoch {p.Epoch:0.00} │ loss {loss} │ " +
                      $"lr {p.LearningRate.ToString("0.00e+0", CultureInfo.InvariantCulture)} │ {perSecond:0.0} samples/s │ ETA {eta:hh\\:mm\\:ss}";
        _console.Markup("\r" + line + "\u001b[K");
        _drawn = true;
    }

    /// <summary>Writes a log line above the status line.</summary>
    public void Line(TextWriter output, string text)
    {
        if (_drawn && _console is not null)
        {
            _console.Write("\r\u001b[K");
            _drawn = false;
        }
        output.WriteLine(text);
    }
}
