using HfTrain.Host.Options;

namespace HfTrain.Host.Cli;

/// <summary>"Did you mean" for a mistyped option: the closest known name by edit distance.</summary>
internal static class Suggestions
{
    /// <summary>The closest names (ties and near-ties, at most 3), or none when nothing is plausibly meant.</summary>
    public static IReadOnlyList<string> Closest(string typed, IEnumerable<string> known)
    {
        string bare = Normalize(typed);
        var ranked = known.Distinct()
            .Select(k => (Name: k, Distance: Distance(bare, Normalize(k))))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .ToList();
        if (ranked.Count == 0)
            return [];
        // plausibly the same word: at most a third of the letters differ
        int limit = Math.Max(2, bare.Length / 3);
        int best = ranked[0].Distance;
        return best > limit ? [] : ranked.TakeWhile(x => x.Distance <= best + 1 && x.Distance <= limit).Take(3).Select(x => x.Name).ToList();
    }

    static string Normalize(string option) => option.TrimStart('-').Split('=', 2)[0].Replace('-', '_');

    /// <summary>Levenshtein distance (insert, delete, substitute), two rows.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
