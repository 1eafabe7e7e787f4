using System.Globalization;
using System.Text;
using HfTrain.Abstractions;

namespace HfTrain.Data.Reporting;

/// <summary>
/// The <c>--dry_run</c> report: per split the rows read and dropped (with reasons), token-length percentiles of
/// sources and targets (p50/p90/p95/p99/max; linear interpolation, numpy.percentile's default), the share of
/// examples that reached max_source_length / max_target_length (the tokenizer cut them, or they fit exactly),
/// and a few examples decoded back so prefixes and truncation can be checked by eye.
/// </summary>
public static class DataReport
{
    private static readonly double[] Percentiles = [50, 90, 95, 99];

    public static string Render(IReadOnlyList<SplitSummary> splits, ITextTokenizer tokenizer, int examplesToShow = 3)
    {
        var text = new StringBuilder();
        foreach (var split in splits)
        {
            var kept = split.Examples.Count;
            text.AppendLine(Invariant($"[{split.Name}] rows: {split.Rows:N0}, examples: {kept:N0}, dropped: {split.Rows - kept:N0}"));
            foreach (var (reason, count) in split.Dropped.OrderByDescending(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal))
                text.AppendLine(Invariant($"  dropped {count:N0}: {reason}"));
            if (kept == 0)
                continue;
            AppendLengths(text, "source", split.Examples.Select(e => e.InputIds.Length).ToArray(), split.MaxSourceLength, "max_source_length");
            AppendLengths(text, "target", split.Examples.Select(e => e.Labels.Length).ToArray(), split.MaxTargetLength, "max_target_length");
        }
        var sample = splits.FirstOrDefault(s => s.Examples.Count > 0);
        if (sample is null)
            return text.ToString();
        text.AppendLine(Invariant($"First {Math.Min(examplesToShow, sample.Examples.Count)} {sample.Name} examples, decoded back:"));
        foreach (var example in sample.Examples.Take(examplesToShow))
        {
            text.AppendLine(Invariant($"  source ({example.InputIds.Length} tokens): {Quote(tokenizer.Decode(example.InputIds, skipSpecialTokens: false))}"));
            var labels = example.Labels.Where(id => id >= 0).ToArray(); // -100 padding is not a token
            text.AppendLine(Invariant($"  target ({labels.Length} tokens): {Quote(tokenizer.Decode(labels, skipSpecialTokens: false))}"));
        }
        return text.ToString();
    }

    private static void AppendLengths(StringBuilder text, string what, int[] lengths, int limit, string option)
    {
        Array.Sort(lengths);
        var parts = Percentiles.Select(p => Invariant($"p{p:0} {Percentile(lengths, p):0.#}"));
        var atLimit = lengths.Count(l => l >= limit);
        text.AppendLine(Invariant(
            $"  {what} tokens: {string.Join(", ", parts)}, max {lengths[^1]}; at {option}={limit}: {atLimit:N0} ({100.0 * atLimit / lengths.Length:0.0}%)"));
    }

    /// <summary>numpy.percentile(method="linear") on sorted values.</summary>
    internal static double Percentile(int[] sorted, double p)
    {
        var rank = p / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }

    private static string Quote(string s) => "\"" + s.Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
