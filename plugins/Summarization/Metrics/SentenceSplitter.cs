using System.Text.RegularExpressions;

namespace HfTrain.Plugins.Summarization.Metrics;

/// <summary>
/// A rule-based stand-in for <c>nltk.sent_tokenize</c> (Punkt, English model), which run_summarization uses to put
/// one sentence per line before rougeLsum. Punkt's pretrained parameters are not available here, so this applies
/// the rules Punkt's English model ends up following on ordinary prose:
/// <list type="bullet">
/// <item>a sentence ends at '.', '?' or '!' (a run of them, then any closing quotes/brackets) followed by whitespace;
/// text is never split inside a token, so decimals (3.14), versions (1.2.3), e.g. and URLs stay whole;</item>
/// <item>'?' or '!' always ends a sentence;</item>
/// <item>a single '.' does not end a sentence after a known abbreviation (Mr., Dr., etc., vs., e.g., Jan., ...),
/// after a dotted acronym (U.S., i.e.), after a single letter (an initial: "J. R. R. Tolkien"), or after a
/// number when the next word starts lower-case ("version 2. with" — Punkt's orthographic heuristic for ordinals);</item>
/// <item>an ellipsis ("..") ends a sentence only when the next word starts upper-case.</item>
/// </list>
/// Where it may differ from Punkt: Punkt's learned abbreviation list is longer (and has rare entries); after an
/// abbreviation Punkt still splits when the next word is a frequent sentence starter ("etc. The" splits in Punkt,
/// not here); Punkt's orthographic statistics for initials and numbers come from its training corpus, here they
/// are the fixed rules above; Punkt also handles some punctuation-only tokens differently. Sentences keep their
/// inner newlines, as Punkt does. Whitespace is Python's (str.isspace).
/// </summary>
public static partial class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.Ordinal)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "etc", "cf", "al", "approx", "ca", "esp",
        "inc", "ltd", "co", "corp", "dept", "univ", "no", "nos", "vol", "vols", "fig", "figs", "ed", "eds", "pp",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "gen", "col", "lt", "sgt", "capt", "rev", "gov", "sen", "rep", "pres", "hon",
    };

    private const string ClosingPunctuation = "\"')]}\u2019\u201D\u00BB";
    private const string OpeningPunctuation = "\"'([{\u2018\u201C\u00AB";

    [GeneratedRegex("^([a-z]\\.)+[a-z]$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedAcronym();

    /// <summary>The sentences of <paramref name="text"/>, each without surrounding whitespace.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<string>();
        var start = SkipSpace(text, 0);
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] is not ('.' or '?' or '!'))
            {
                continue;
            }
            var end = i;
            while (end < text.Length && text[end] is '.' or '?' or '!')
            {
                end++;
            }
            while (end < text.Length && ClosingPunctuation.Contains(text[end], StringComparison.Ordinal))
            {
                end++;
            }
            var next = SkipSpace(text, end);
            if (end == text.Length || next == end || next == text.Length)
            {
                i = end - 1; // no whitespace after it, or nothing after it: not a split point
                continue;
            }
            if (EndsSentence(text, start, i, end, text[next]))
            {
                sentences.Add(text[start..end]);
                start = next;
            }
            i = next - 1;
        }
        if (start < text.Length)
        {
            sentences.Add(PythonWhitespace.Strip(text[start..]));
        }
        return sentences;
    }

    /// <summary>Joined one sentence per line, as run_summarization's postprocess_text does before ROUGE.</summary>
    public static string OnePerLine(string text) => string.Join("\n", Split(text));

    private static bool EndsSentence(string text, int sentenceStart, int punctuation, int runEnd, char nextChar)
    {
        var run = text.AsSpan(punctuation, runEnd - punctuation);
        if (run.ContainsAny('?', '!'))
        {
            return true;
        }
        if (run.Length > 1 && run[1] == '.')
        {
            return char.IsUpper(nextChar); // ellipsis
        }
        var wordStart = punctuation;
        while (wordStart > sentenceStart && !PythonWhitespace.IsSpace(text[wordStart - 1]))
        {
            wordStart--;
        }
        var word = text[wordStart..punctuation].TrimStart(OpeningPunctuation.ToCharArray()).ToLowerInvariant();
        if (word.Length == 0)
        {
            return true;
        }
        if (Abbreviations.Contains(word) || DottedAcronym().IsMatch(word) || (word.Length == 1 && char.IsLetter(word[0])))
        {
            return false;
        }
        if (word.All(char.IsAsciiDigit) && char.IsLower(nextChar))
        {
            return false;
        }
        return true;
    }

    private static int SkipSpace(string text, int index)
    {
        while (index < text.Length && PythonWhitespace.IsSpace(text[index]))
        {
            index++;
        }
        return index;
    }
}
