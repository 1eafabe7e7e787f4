namespace HfTrain.Host.Launch;

/// <summary>
/// The ranks' output on the launcher's terminal: the main rank's lines pass through unchanged (its progress and
/// results read as in a run of one process); other ranks' lines carry torchrun's <c>[rankN]:</c> prefix. The last
/// lines of each rank are kept, to name what a failed rank said last.
/// </summary>
internal sealed class RankOutput(TextWriter output, TextWriter error, int keep = 20)
{
    readonly Lock _lock = new();
    readonly Dictionary<int, Queue<string>> _last = [];

    public void Line(int rank, bool isError, string text)
    {
        lock (_lock)
        {
            if (!_last.TryGetValue(rank, out var ring))
                _last[rank] = ring = new Queue<string>(keep);
            if (text.Trim().Length > 0)
            {
                if (ring.Count == keep)
                    ring.Dequeue();
                ring.Enqueue(text);
            }
            TextWriter writer = isError ? error : output;
            writer.WriteLine(rank == 0 ? text : $"[rank{rank}]: {text}");
            writer.Flush();
        }
    }

    /// <summary>The last kept line of rank <paramref name="rank"/> that reads as an error ("error: ...", an exception), or null.</summary>
    public string? LastError(int rank)
    {
        lock (_lock)
        {
            return _last.TryGetValue(rank, out var ring)
                ? ring.LastOrDefault(l => l.TrimStart().StartsWith("error", StringComparison.OrdinalIgnoreCase) || l.Contains("Exception", StringComparison.Ordinal))
                : null;
        }
    }

    /// <summary>A line of mpirun's own: to stderr, as it is.</summary>
    public void Launcher(string text)
    {
        lock (_lock)
        {
            error.WriteLine(text);
            error.Flush();
        }
    }

    /// <summary>The last non-blank line rank <paramref name="rank"/> wrote, or null.</summary>
    public string? LastLine(int rank)
    {
        lock (_lock)
            return _last.TryGetValue(rank, out var ring) && ring.Count > 0 ? ring.Last() : null;
    }
}
