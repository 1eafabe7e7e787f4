namespace HfTrain.Plugins.Summarization.Metrics;

/// <summary>The four scores run_summarization reports for one (target, prediction) pair.</summary>
public sealed record RougeScores(RougeScore Rouge1, RougeScore Rouge2, RougeScore RougeL, RougeScore RougeLsum);

/// <summary>
/// rouge_score's <c>RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer)</c>.score(target,
/// prediction) (rouge_scorer.py): rougeN = clipped n-gram overlap; rougeL = LCS over all tokens; rougeLsum =
/// summary-level union LCS over sentences separated by "\n" (split_summaries=False).
/// </summary>
public sealed class RougeScorer(bool useStemmer = true)
{
    /// <summary>A target's tokens and sentence tokens, computed once (<see cref="Prepare"/>) for any number of scores.</summary>
    public sealed record Target(IReadOnlyList<string> Tokens, List<IReadOnlyList<string>> Sentences);

    public Target Prepare(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new Target(RougeTokenizer.Tokenize(target, useStemmer), Sentences(target));
    }

    public RougeScores Score(string target, string prediction) => Score(Prepare(target), prediction);

    public RougeScores Score(Target target, string prediction)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(prediction);
        var predictionTokens = RougeTokenizer.Tokenize(prediction, useStemmer);
        return new RougeScores(
            NGramScore(target.Tokens, predictionTokens, 1),
            NGramScore(target.Tokens, predictionTokens, 2),
            LcsScore(target.Tokens, predictionTokens),
            Lcs.SummaryLevel(target.Sentences, Sentences(prediction)));
    }

    private List<IReadOnlyList<string>> Sentences(string text) =>
        text.Split('\n')
            .Where(s => s.Length > 0)
            .Select(s => RougeTokenizer.Tokenize(s, useStemmer))
            .ToList();

    /// <summary>_score_ngrams: intersection = Σ min(count_target, count_prediction); P over max(#pred, 1), R over max(#target, 1).</summary>
    internal static RougeScore NGramScore(IReadOnlyList<string> target, IReadOnlyList<string> prediction, int n)
    {
        var targetGrams = CountNGrams(target, n);
        var predictionGrams = CountNGrams(prediction, n);
        var overlap = 0;
        foreach (var (gram, count) in targetGrams)
        {
            overlap += Math.Min(count, predictionGrams.GetValueOrDefault(gram));
        }
        var targetCount = Math.Max(target.Count - n + 1, 0);
        var predictionCount = Math.Max(prediction.Count - n + 1, 0);
        return RougeScore.From(
            (double)overlap / Math.Max(predictionCount, 1),
            (double)overlap / Math.Max(targetCount, 1));
    }

    private static Dictionary<string, int> CountNGrams(IReadOnlyList<string> tokens, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= tokens.Count; i++)
        {
            // tokens are [a-z0-9]+, so a space joins them without ambiguity
            var gram = string.Join(' ', tokens.Skip(i).Take(n));
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }
        return counts;
    }

    /// <summary>_score_lcs: P = |LCS| / #prediction, R = |LCS| / #target; zero when either side has no tokens.</summary>
    internal static RougeScore LcsScore(IReadOnlyList<string> target, IReadOnlyList<string> prediction)
    {
        if (target.Count == 0 || prediction.Count == 0)
        {
            return RougeScore.Zero;
        }
        var length = Lcs.Table(target, prediction)[target.Count, prediction.Count];
        return RougeScore.From((double)length / prediction.Count, (double)length / target.Count);
    }
}
