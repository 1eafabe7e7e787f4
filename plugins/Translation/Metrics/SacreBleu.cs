namespace HfTrain.Plugins.Translation.Metrics;

/// <summary>The corpus statistics BLEU is computed from: lengths, and matched/total n-gram counts for n = 1..4.</summary>
public sealed record BleuStatistics(long HypothesisLength, long ReferenceLength, long[] Correct, long[] Total);

/// <summary>
/// sacrebleu 2.x <c>BLEU()</c> with its defaults (metrics/bleu.py), one reference per segment: tokenizer 13a,
/// case-sensitive, max n-gram order 4, smooth_method "exp", brevity penalty exp(1 - r/c), score on 0–100.
/// <c>effective_order</c> is False for corpus_bleu (what evaluate's sacrebleu and run_translation use) and True
/// for sentence_bleu; both are offered.
/// </summary>
public static class SacreBleu
{
    public const int MaxOrder = 4;

    public static double CorpusScore(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references, bool effectiveOrder = false) =>
        Score(Statistics(hypotheses, references), effectiveOrder);

    /// <summary>sacrebleu.sentence_bleu(hypothesis, [reference]): effective order on.</summary>
    public static double SentenceScore(string hypothesis, string reference) =>
        CorpusScore([hypothesis], [reference], effectiveOrder: true);

    public static BleuStatistics Statistics(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(references);
        if (hypotheses.Count != references.Count)
        {
            throw new ArgumentException($"{hypotheses.Count} hypotheses but {references.Count} references.", nameof(references));
        }
        long hypLength = 0, refLength = 0;
        var correct = new long[MaxOrder];
        var total = new long[MaxOrder];
        for (var s = 0; s < hypotheses.Count; s++)
        {
            // _preprocess_segment: tokenizer(sent.rstrip())
            var hyp = PythonWhitespace.Split(Tokenizer13a.Tokenize(PythonWhitespace.RStrip(hypotheses[s])));
            var reference = PythonWhitespace.Split(Tokenizer13a.Tokenize(PythonWhitespace.RStrip(references[s])));
            hypLength += hyp.Count;
            refLength += reference.Count; // the closest reference length, with a single reference
            var refGrams = CountNGrams(reference);
            foreach (var (gram, count) in CountNGrams(hyp))
            {
                var n = gram.Order - 1;
                total[n] += count;
                correct[n] += Math.Min(count, refGrams.GetValueOrDefault(gram));
            }
        }
        return new BleuStatistics(hypLength, refLength, correct, total);
    }

    /// <summary>BLEU.compute_bleu with smooth_method "exp" (mteval-v13a smoothing): the k-th order with no match
    /// gets precision 100 / (2^k · total).</summary>
    public static double Score(BleuStatistics stats, bool effectiveOrder = false)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var bp = stats.HypothesisLength < stats.ReferenceLength
            ? stats.HypothesisLength > 0 ? Math.Exp(1 - (double)stats.ReferenceLength / stats.HypothesisLength) : 0.0
            : 1.0;
        if (stats.Correct.All(c => c == 0))
        {
            return 0.0; // early stop if there are no matches (sacrebleu #141)
        }
        var precisions = new double[MaxOrder];
        var smooth = 1.0;
        var order = MaxOrder;
        for (var n = 1; n <= MaxOrder; n++)
        {
            if (stats.Total[n - 1] == 0)
            {
                break;
            }
            if (effectiveOrder)
            {
                order = n;
            }
            if (stats.Correct[n - 1] == 0)
            {
                smooth *= 2;
                precisions[n - 1] = 100.0 / (smooth * stats.Total[n - 1]);
            }
            else
            {
                precisions[n - 1] = 100.0 * stats.Correct[n - 1] / stats.Total[n - 1];
            }
        }
        // Python: sum([my_log(p) for p in precisions[:eff_order]]) / eff_order, my_log(0) = -9999999999
        var logSum = 0.0;
        for (var n = 0; n < order; n++)
        {
            logSum += precisions[n] == 0.0 ? -9999999999.0 : Math.Log(precisions[n]);
        }
        return bp * Math.Exp(logSum / order);
    }

    private readonly record struct NGram(string Text, int Order);

    private static Dictionary<NGram, int> CountNGrams(List<string> tokens)
    {
        var counts = new Dictionary<NGram, int>();
        for (var n = 1; n <= MaxOrder; n++)
        {
            for (var i = 0; i + n <= tokens.Count; i++)
            {
                // tokens hold no whitespace, so a space joins them without ambiguity
                var gram = new NGram(string.Join(' ', tokens.GetRange(i, n)), n);
                counts[gram] = counts.GetValueOrDefault(gram) + 1;
            }
        }
        return counts;
    }
}
