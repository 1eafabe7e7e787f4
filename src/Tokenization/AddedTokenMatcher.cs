namespace HfTrain.Tokenization;

/// <summary>Finds added tokens in raw text the way tokenizers' AddedVocabulary does (aho-corasick, leftmost-longest:
/// the earliest match wins, the longest at that position). T5's added tokens all have lstrip/rstrip/single_word
/// false and normalized false, so they match the text as typed.</summary>
internal sealed class AddedTokenMatcher
{
    // Longest first, so the first one that matches at a position is the longest there.
    private readonly AddedToken[] _byLengthDescending;
    private readonly string _firstChars;

    public AddedTokenMatcher(IEnumerable<AddedToken> tokens)
    {
        _byLengthDescending = tokens.Where(t => t.Content.Length > 0)
            .OrderByDescending(t => t.Content.Length).ThenBy(t => t.Id).ToArray();
        _firstChars = new string(_byLengthDescending.Select(t => t.Content[0]).Distinct().ToArray());
    }

    /// <summary>The next added token at or after <paramref name="start"/>: its position and the token, or -1.</summary>
    public int FindNext(string text, int start, out AddedToken? token)
    {
        token = null;
        if (_firstChars.Length == 0)
            return -1;
        var position = start;
        while (position < text.Length)
        {
            var found = text.AsSpan(position).IndexOfAny(_firstChars);
            if (found < 0)
                return -1;
            position += found;
            var rest = text.AsSpan(position);
            foreach (var candidate in _byLengthDescending)
            {
                if (rest.StartsWith(candidate.Content, StringComparison.Ordinal))
                {
                    token = candidate;
                    return position;
                }
            }
            position++;
        }
        return -1;
    }
}
