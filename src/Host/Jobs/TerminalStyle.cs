using System.Globalization;

namespace HfTrain.Host.Jobs;

/// <summary>
/// What the terminal accepts: escapes (not with TERM=dumb), bold (not with NO_COLOR), and its width (COLUMNS when
/// set, as Python's shutil.get_terminal_size reads it, else the terminal's). A line never reaches the last column,
/// so it cannot wrap and break the carriage-return redraw.
/// </summary>
internal sealed record TerminalStyle(bool Escapes, bool Bold, int Width)
{
    public static TerminalStyle FromEnvironment()
    {
        bool escapes = Environment.GetEnvironmentVariable("TERM") is not ("dumb" or "" or null);
        bool bold = escapes && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        return new TerminalStyle(escapes, bold, TerminalWidth());
    }

    static int TerminalWidth()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out int columns) && columns > 0)
            return columns;
        try
        {
            return Console.IsOutputRedirected || Console.WindowWidth <= 0 ? 80 : Console.WindowWidth;
        }
        catch (IOException)
        {
            return 80;
        }
    }

    public string Line(string head, string tail)
    {
        int room = Math.Max(1, Width - 1);
        string text = head + tail;
        if (text.Length > room)
            text = text[..room];
        if (!Escapes)
            return "\r" + text.PadRight(room);                    // overwrite the previous line with spaces
        string shown = Bold && text.Length >= head.Length ? "\u001b[1m" + head + "\u001b[0m" + text[head.Length..] : text;
        return "\r" + shown + "\u001b[K";
    }

    public string Clear() => Escapes ? "\r\u001b[K" : "\r" + new string(' ', Math.Max(1, Width - 1)) + "\r";
}
