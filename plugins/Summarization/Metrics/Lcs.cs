namespace HfTrain.Plugins.Summarization.Metrics;

/// <summary>Longest common subsequence pieces of rouge_scorer.py: the DP table, the backtrack that picks one LCS,
/// and the summary-level union LCS (ROUGE paper section 3.2, with ROUGE-1.5.5's no-double-counting).</summary>
internal static class Lcs
{
    /// <summary>_lcs_table: [ref.Count + 1, can.Count + 1], t[i, j] = |LCS(ref[..i], can[..j])|.</summary>
    public static int[,] Table(IReadOnlyList<string> reference, IReadOnlyList<string> candidate)
    {
        var t = new int[reference.Count + 1, candidate.Count + 1];
        for (var i = 1; i <= reference.Count; i++)
        {
            for (var j = 1; j <= candidate.Count; j++)
            {
                t[i, j] = string.Equals(reference[i - 1], candidate[j - 1], StringComparison.Ordinal)
                    ? t[i - 1, j - 1] + 1
                    : Math.Max(t[i - 1, j], t[i, j - 1]);
            }
        }
        return t;
    }

    /// <summary>lcs_ind / _backtrack_norec: indices into <paramref name="reference"/> of one LCS. Ties move up
    /// (i - 1) unless left is strictly larger — the same choice as rouge_score, which decides the union below.</summary>
    public static List<int> Indices(IReadOnlyList<string> reference, IReadOnlyList<string> candidate)
    {
        var t = Table(reference, candidate);
        var i = reference.Count;
        var j = candidate.Count;
        var indices = new List<int>();
        while (i > 0 && j > 0)
        {
            if (string.Equals(reference[i - 1], candidate[j - 1], StringComparison.Ordinal))
            {
                indices.Add(i - 1);
                i--;
                j--;
            }
            else if (t[i, j - 1] > t[i - 1, j])
            {
                j--;
            }
            else
            {
                i--;
            }
        }
        indices.Reverse();
        return indices;
    }

    /// <summary>_summary_level_lcs: for each reference sentence, the union of its LCS with every candidate
    /// sentence; each hit consumes one count of that token on both sides. P = hits / #candidate tokens,
    /// R = hits / #reference tokens.</summary>
    public static RougeScore SummaryLevel(
        IReadOnlyList<IReadOnlyList<string>> referenceSentences, IReadOnlyList<IReadOnlyList<string>> candidateSentences)
    {
        if (referenceSentences.Count == 0 || candidateSentences.Count == 0)
        {
            return RougeScore.Zero;
        }
        var m = referenceSentences.Sum(s => s.Count);
        var n = candidateSentences.Sum(s => s.Count);
        if (m == 0 || n == 0)
        {
            return RougeScore.Zero;
        }
        var referenceCounts = Count(referenceSentences);
        var candidateCounts = Count(candidateSentences);
        var hits = 0;
        foreach (var sentence in referenceSentences)
        {
            var union = new SortedSet<int>();
            foreach (var candidate in candidateSentences)
            {
                union.UnionWith(Indices(sentence, candidate));
            }
            foreach (var index in union)
            {
                var token = sentence[index];
                if (candidateCounts.GetValueOrDefault(token) > 0 && referenceCounts.GetValueOrDefault(token) > 0)
                {
                    hits++;
                    candidateCounts[token]--;
                    referenceCounts[token]--;
                }
            }
        }
        return RougeScore.From((double)hits / n, (double)hits / m);
    }

    private static Dictionary<string, int> Count(IReadOnlyList<IReadOnlyList<string>> sentences)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in sentences.SelectMany(s => s))
        {
            counts[token] = counts.GetValueOrDefault(token) + 1;
        }
        return counts;
    }
}
