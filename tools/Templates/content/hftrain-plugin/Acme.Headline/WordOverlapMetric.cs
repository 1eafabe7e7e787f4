using HfTrain.Abstractions;

namespace Acme.Headline;

/// <summary>
/// exact_match: the share of predictions equal to their reference (whitespace-trimmed); word_f1: the mean F1 of the
/// words two texts share (as SQuAD scores answers). Both in percent, like the ROUGE of the built-in tasks.
/// </summary>
internal sealed class WordOverlapMetric : IMetric
{
    public IReadOnlyDictionary<string, double> Compute(IReadOnlyList<string> predictions, IReadOnlyList<string> references)
    {
        int n = Math.Max(1, predictions.Count);
        double exact = predictions.Zip(references).Count(p => p.First.Trim() == p.Second.Trim());
        double f1 = predictions.Zip(references).Sum(p => WordF1(p.First, p.Second));
        return new Dictionary<string, double>
        {
            ["exact_match"] = Math.Round(100 * exact / n, 4),
            ["word_f1"] = Math.Round(100 * f1 / n, 4),
        };
    }

    internal static double WordF1(string prediction, string reference)
    {
        string[] predicted = Words(prediction), expected = Words(reference);
        if (predicted.Length == 0 || expected.Length == 0)
            return predicted.Length == expected.Length ? 1 : 0;
        var left = expected.GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
        int common = 0;
        foreach (string word in predicted)
        {
            if (left.TryGetValue(word, out int count) && count > 0)
            {
                left[word] = count - 1;
                common++;
            }
        }
        if (common == 0)
            return 0;
        double precision = common / (double)predicted.Length, recall = common / (double)expected.Length;
        return 2 * precision * recall / (precision + recall);
    }

    static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
