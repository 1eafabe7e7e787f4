using System.Globalization;
using HfTrain.Engine.Training;

namespace HfTrain.Host.Jobs;

/// <summary>
/// A live status line while training — step, epoch, last logged loss, learning rate, samples/s, ETA — redrawn in
/// place when stdout is a terminal, at most four times a second. Plain text: the only escapes are the ones written
/// here (erase to end of line, bold), never passed through a markup parser. When stdout is a file or a pipe, or
/// with <c>--disable_tqdm</c>, it draws nothing: the trainer's log lines (with step and ETA) are the progress there.
/// </summary>
internal sealed class ProgressDisplay : IDisposable
{
    readonly TextWriter? _terminal;
    readonly TerminalStyle _style;
    DateTime _lastDraw = DateTime.MinValue;
    bool _drawn;

    public ProgressDisplay(TextWriter? terminal, TerminalStyle style)
    {
        _terminal = terminal;
        _style = style;
    }

    /// <summary>A display on <paramref name="output"/> when it is this process's stdout and that is a terminal.</summary>
    public static ProgressDisplay For(TextWriter output, bool disabled) =>
        new(!disabled && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? output : null, TerminalStyle.FromEnvironment());

    public void Step(StepProgress p)
    {
        if (_terminal is null || (DateTime.UtcNow - _lastDraw).TotalMilliseconds < 250 && p.Step != p.TotalSteps)
            return;
        _lastDraw = DateTime.UtcNow;
        _terminal.Write(Render(p, _style));
        _terminal.Flush();
        _drawn = true;
    }

    /// <summary>Writes a log line above the status line.</summary>
    public void Line(TextWriter output, string text)
    {
        if (_drawn && _terminal is not null)
        {
            _terminal.Write(_style.Clear());
            _drawn = false;
        }
        output.WriteLine(text);
    }

    /// <summary>Clears the status line, so what follows starts on a clean line.</summary>
    public void Dispose()
    {
        if (_drawn && _terminal is not null)
            _terminal.Write(_style.Clear());
        _drawn = false;
    }

    /// <summary>
    /// The status line as written: carriage return, the fields that fit the terminal's width, then erase to the end.
    /// A narrow terminal drops the least useful fields first (epoch, samples/s, learning rate), keeping step, loss and ETA.
    /// </summary>
    public static string Render(StepProgress p, TerminalStyle style)
    {
        double perSecond = p.Samples / Math.Max(1e-9, p.Elapsed.TotalSeconds);
        var eta = TimeSpan.FromSeconds(p.Elapsed.TotalSeconds / Math.Max(1, p.Step) * (p.TotalSteps - p.Step));
        string loss = p.LastLoss is { } l ? l.ToString("0.0000", CultureInfo.InvariantCulture) : "–";
        string head = string.Create(CultureInfo.InvariantCulture, $"step {p.Step}/{p.TotalSteps}");
        (string Text, int Priority)[] fields =
        [
            (string.Create(CultureInfo.InvariantCulture, $" {100.0 * p.Step / p.TotalSteps:0}%"), 3),
            (string.Create(CultureInfo.InvariantCulture, $" │ epoch {p.Epoch:0.00}"), 6),
            ($" │ loss {loss}", 1),
            (string.Create(CultureInfo.InvariantCulture, $" │ lr {p.LearningRate:0.00e+0}"), 4),
            (string.Create(CultureInfo.InvariantCulture, $" │ {perSecond:0.0} samples/s"), 5),
            ($" │ ETA {eta:hh\\:mm\\:ss}", 2),
        ];
        var shown = fields.ToList();
        while (shown.Count > 0 && head.Length + shown.Sum(f => f.Text.Length) > style.Width - 1)
            shown.Remove(shown.MaxBy(f => f.Priority));
        return style.Line(head, string.Concat(shown.Select(f => f.Text)));
    }
}
