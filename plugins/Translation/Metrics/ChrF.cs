namespace HfTrain.Plugins.Translation.Metrics;

/// <summary>
/// sacrebleu 2.x <c>CHRF()</c> with its defaults (metrics/chrf.py): character n-grams of order 1..6 over the
/// segment with all whitespace removed (Python's str.split()), no word n-grams, beta 2, case-sensitive,
/// eps_smoothing False: precision and recall are averaged over the orders where both sides have n-grams
/// (sacreBLEU &lt; 2.0 "effective order"), then F-beta, on 0–100. Corpus score = F of the summed statistics.
/// Characters are Unicode code points, as Python slices strings (a surrogate pair is one character).
/// </summary>
public static class ChrF
{
    public const int CharOrder = 6;
    public const double Beta = 2.0;

    public static double CorpusScore(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(references);
        if (hypotheses.Count != references.Count)
        {
            throw new ArgumentException($"{hypotheses.Count} hypotheses but {references.Count} references.", nameof(references));
        }
        var stats = new long[3 * CharOrder];
        for (var s = 0; s < hypotheses.Count; s++)
        {
            var segment = SegmentStatistics(hypotheses[s], references[s]);
            for (var k = 0; k < stats.Length; k++)
            {
                stats[k] += segment[k];
            }
        }
        return FScore(stats);
    }

    public static double SentenceScore(string hypothesis, string reference) => CorpusScore([hypothesis], [reference]);

    /// <summary>[hyp n-grams, ref n-grams, matches] per order n = 1..6 (_get_match_statistics).</summary>
    public static long[] SegmentStatistics(string hypothesis, string reference)
    {
        ArgumentNullException.ThrowIfNull(hypothesis);
        ArgumentNullException.ThrowIfNull(reference);
        var hyp = CodePointString.WithoutWhitespace(hypothesis);
        var @ref = CodePointString.WithoutWhitespace(reference);
        var stats = new long[3 * CharOrder];
        for (var n = 1; n <= CharOrder; n++)
        {
            var hypGrams = hyp.NGrams(n);
            var refGrams = @ref.NGrams(n);
            long hypCount = 0, matches = 0;
            foreach (var (gram, count) in hypGrams)
            {
                hypCount += count;
                matches += Math.Min(count, refGrams.GetValueOrDefault(gram));
            }
            // sacrebleu: "don't count hits if no reference exists for that n-gram"
            stats[3 * (n - 1)] = refGrams.Count > 0 ? hypCount : 0;
            stats[3 * (n - 1) + 1] = refGrams.Values.Sum();
            stats[3 * (n - 1) + 2] = matches;
        }
        return stats;
    }

    /// <summary>CHRF._compute_f_score with eps_smoothing=False.</summary>
    public static double FScore(IReadOnlyList<long> stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        const double eps = 1e-16;
        var factor = Beta * Beta;
        double avgPrecision = 0, avgRecall = 0;
        var effectiveOrder = 0;
        for (var i = 0; i < CharOrder; i++)
        {
            var (hyp, reference, match) = (stats[3 * i], stats[3 * i + 1], stats[3 * i + 2]);
            var precision = hyp > 0 ? (double)match / hyp : eps;
            var recall = reference > 0 ? (double)match / reference : eps;
            if (hyp > 0 && reference > 0)
            {
                avgPrecision += precision;
                avgRecall += recall;
                effectiveOrder++;
            }
        }
        if (effectiveOrder == 0)
        {
            return 0.0;
        }
        avgPrecision /= effectiveOrder;
        avgRecall /= effectiveOrder;
        if (avgPrecision + avgRecall == 0)
        {
            return 0.0;
        }
        return 100 * ((1 + factor) * avgPrecision * avgRecall / (factor * avgPrecision + avgRecall));
    }
}
