using System.Collections.Concurrent;
using System.Text;

namespace HfTrain.Plugins.Summarization.Metrics;

/// <summary>
/// rouge_score's DefaultTokenizer (tokenize.py): <c>text.lower()</c>, every run of characters outside [a-z0-9]
/// becomes one space, split, Porter-stem tokens longer than 3 characters, drop empty tokens.
/// Python's lower() is the full Unicode mapping; after the [a-z0-9] filter only three things matter:
/// A–Z, U+0130 'İ' (lowers to "i" + U+0307 combining dot, so it yields "i" then a break) and U+212A KELVIN SIGN
/// (lowers to "k"). Every other non-ASCII character, letters included, becomes a separator, as in rouge_score.
/// </summary>
public static class RougeTokenizer
{
    // Stems repeat across an evaluation set: memoize them (bounded; cleared when full).
    private const int StemCacheLimit = 200_000;
    private static readonly ConcurrentDictionary<string, string> StemCache = new(StringComparer.Ordinal);

    public static IReadOnlyList<string> Tokenize(string text, bool useStemmer = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            var mapped = MapLowered(c);
            if (mapped != '\0')
            {
                current.Append(mapped);
            }
            if (mapped == '\0' || c == '\u0130')
            {
                Flush(current, tokens, useStemmer);
            }
        }
        Flush(current, tokens, useStemmer);
        return tokens;
    }

    /// <summary>The [a-z0-9] character Python's lower() gives for <paramref name="c"/>, or '\0' for a separator.</summary>
    private static char MapLowered(char c) => c switch
    {
        >= 'a' and <= 'z' or >= '0' and <= '9' => c,
        >= 'A' and <= 'Z' => (char)(c + ('a' - 'A')),
        '\u0130' => 'i', // followed by U+0307, a separator: handled by the caller
        '\u212A' => 'k',
        _ => '\0',
    };

    private static void Flush(StringBuilder current, List<string> tokens, bool useStemmer)
    {
        if (current.Length == 0)
        {
            return;
        }
        var token = current.ToString();
        current.Clear();
        // rouge_score stems only tokens longer than 3 characters, then drops tokens that are not [a-z0-9]+
        var stemmed = useStemmer && token.Length > 3 ? CachedStem(token) : token;
        if (stemmed.Length > 0)
        {
            tokens.Add(stemmed);
        }
    }

    private static string CachedStem(string token)
    {
        if (StemCache.TryGetValue(token, out var stem))
        {
            return stem;
        }
        if (StemCache.Count >= StemCacheLimit)
        {
            StemCache.Clear();
        }
        return StemCache[token] = PorterStemmer.Stem(token);
    }
}
