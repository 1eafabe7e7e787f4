using System.Buffers;
using System.Text;
using HfTrain.Abstractions;

namespace HfTrain.Tokenization;

/// <summary>T5's SentencePiece unigram tokenizer, id for id what transformers 5 (<c>T5Tokenizer</c>, tokenizers
/// backend) produces: added tokens matched in the raw text, then per remaining segment the optional precompiled
/// normalizer, WhitespaceSplit, Metaspace("▁", prepend_scheme always, split), the unigram Viterbi per piece, and
/// <c>&lt;/s&gt;</c> appended. Thread-safe after <see cref="Load"/>: encoding keeps no shared mutable state.</summary>
public sealed class T5Tokenizer : IModelTokenizer
{
    private const char Metaspace = '\u2581';

    private readonly UnigramModel _model;
    private readonly PrecompiledNormalizer? _normalizer;
    private readonly AddedTokenMatcher _matcher;
    private readonly Dictionary<int, AddedToken> _addedById;
    private readonly Dictionary<string, AddedToken> _addedByContent;
    private readonly bool _cleanUpTokenizationSpaces;

    internal T5Tokenizer(UnigramModel model, IReadOnlyList<AddedToken> addedTokens, PrecompiledNormalizer? normalizer,
        string padToken, string eosToken, bool cleanUpTokenizationSpaces, IReadOnlyList<string> sourceFiles)
    {
        _model = model;
        _normalizer = normalizer;
        _addedById = addedTokens.ToDictionary(t => t.Id);
        _addedByContent = addedTokens.GroupBy(t => t.Content).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _matcher = new AddedTokenMatcher(addedTokens);
        _cleanUpTokenizationSpaces = cleanUpTokenizationSpaces;
        SourceFiles = sourceFiles;
        PadTokenId = TokenToId(padToken) ?? throw new TaskInputException($"pad token '{padToken}' is not in the vocabulary of {sourceFiles[0]}.");
        EosTokenId = TokenToId(eosToken) ?? throw new TaskInputException($"eos token '{eosToken}' is not in the vocabulary of {sourceFiles[0]}.");
        VocabularySize = Math.Max(model.Count, addedTokens.Count == 0 ? 0 : addedTokens.Max(t => t.Id) + 1);
    }

    /// <summary>Loads <c>tokenizer.json</c> when the folder has one, else <c>spiece.model</c> converted as
    /// transformers 5 converts it (see <see cref="T5TokenizerFiles"/>).</summary>
    public static T5Tokenizer Load(string directory) => T5TokenizerFiles.Load(directory);

    public int PadTokenId { get; }

    public int EosTokenId { get; }

    public int UnknownTokenId => _model.UnknownId;

    /// <summary>Ids in use: the model's pieces plus the added tokens (len(tokenizer) in transformers, 32100 for t5).</summary>
    public int VocabularySize { get; }

    /// <summary>The files this tokenizer was read from (the first is tokenizer.json or spiece.model).</summary>
    public IReadOnlyList<string> SourceFiles { get; }

    /// <summary>Ids of <paramref name="text"/> with <c>&lt;/s&gt;</c> appended, no truncation.</summary>
    public int[] Encode(string text) => Encode(text, int.MaxValue);

    /// <summary>As transformers with <c>truncation=True, max_length=maxLength</c>: the text's ids cut to
    /// <c>maxLength - 1</c>, then <c>&lt;/s&gt;</c>.</summary>
    public int[] Encode(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var ids = new List<int>(Math.Min(maxLength, text.Length / 3 + 8));
        EncodeWithoutEos(text, ids, maxLength - 1);
        if (ids.Count > maxLength - 1)
            ids.RemoveRange(maxLength - 1, ids.Count - (maxLength - 1));
        ids.Add(EosTokenId);
        return ids.ToArray();
    }

    /// <summary>Appends the ids of <paramref name="text"/> (no <c>&lt;/s&gt;</c>); stops early once at least
    /// <paramref name="limit"/> ids are there (words are encoded independently, so the prefix is exact).</summary>
    public void EncodeWithoutEos(string text, List<int> ids, int limit = int.MaxValue)
    {
        var position = 0;
        while (position < text.Length && ids.Count < limit)
        {
            var at = _matcher.FindNext(text, position, out var token);
            var end = at < 0 ? text.Length : at;
            if (end > position)
                EncodeSegment(text, position, end, ids, limit);
            if (at < 0 || ids.Count >= limit)
                break;
            ids.Add(token!.Id);
            position = at + token.Content.Length;
        }
    }

    private void EncodeSegment(string text, int start, int end, List<int> ids, int limit)
    {
        var segment = text.AsSpan(start, end - start);
        string? normalized = null;
        if (_normalizer is not null)
        {
            normalized = _normalizer.Normalize(segment.ToString());
            segment = normalized.AsSpan();
        }
        var buffer = ArrayPool<char>.Shared.Rent(segment.Length + 1);
        try
        {
            var i = 0;
            while (i < segment.Length && ids.Count < limit)
            {
                // WhitespaceSplit: words are maximal runs of non-whitespace (Rust char::is_whitespace).
                while (i < segment.Length && IsWhitespace(segment[i]))
                    i++;
                var wordStart = i;
                while (i < segment.Length && !IsWhitespace(segment[i]))
                    i++;
                if (i > wordStart)
                    EncodeWord(segment[wordStart..i], buffer, ids);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    // Metaspace with prepend_scheme "always" and split: "▁" is prepended unless the word starts with one, then the
    // word is cut before every "▁" (MergedWithNext) and each piece goes through the unigram model alone.
    private void EncodeWord(ReadOnlySpan<char> word, char[] buffer, List<int> ids)
    {
        var length = 0;
        if (word[0] != Metaspace)
            buffer[length++] = Metaspace;
        word.CopyTo(buffer.AsSpan(length));
        length += word.Length;
        var pieceStart = 0;
        for (var i = 1; i <= length; i++)
        {
            if (i == length || buffer[i] == Metaspace)
            {
                _model.Encode(buffer.AsSpan(pieceStart, i - pieceStart), ids);
                pieceStart = i;
            }
        }
    }

    /// <summary>Text of <paramref name="ids"/> as transformers decodes: ids outside the vocabulary are dropped, special
    /// tokens (pad, eos, unk, sentinels) too when <paramref name="skipSpecialTokens"/>; the Metaspace decoder turns
    /// "▁" into spaces and drops those of the first token.</summary>
    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new StringBuilder();
        var index = 0;
        foreach (var id in ids)
        {
            string piece;
            if (_addedById.TryGetValue(id, out var added))
            {
                if (skipSpecialTokens && added.Special)
                    continue;
                piece = added.Content;
            }
            else if (id >= 0 && id < _model.Count)
                piece = _model.Piece(id);
            else
                continue;
            foreach (var c in piece)
            {
                if (c != Metaspace)
                    text.Append(c);
                else if (index > 0)
                    text.Append(' ');
            }
            index++;
        }
        return _cleanUpTokenizationSpaces ? CleanUpTokenizationSpaces(text) : text.ToString();
    }

    /// <summary>The id of a piece or added token, or null.</summary>
    public int? TokenToId(string token) =>
        _addedByContent.TryGetValue(token, out var added) ? added.Id : _model.TryGetId(token, out var id) ? id : null;

    /// <summary>Writes the files this tokenizer was loaded from into <paramref name="directory"/> (a copy: transformers
    /// loads the copy exactly as it loaded the original; nothing is re-serialized).</summary>
    public void Save(string directory) => T5TokenizerFiles.Save(this, directory);

    // transformers' PreTrainedTokenizerBase.clean_up_tokenization, used only when tokenizer_config.json asks for it.
    private static string CleanUpTokenizationSpaces(StringBuilder text) => text
        .Replace(" .", ".").Replace(" ?", "?").Replace(" !", "!").Replace(" ,", ",").Replace(" ' ", "'")
        .Replace(" n't", "n't").Replace(" 'm", "'m").Replace(" 's", "'s").Replace(" 've", "'ve").Replace(" 're", "'re")
        .ToString();

    // Rust's char::is_whitespace (Unicode White_Space), which tokenizers' WhitespaceSplit uses.
    private static bool IsWhitespace(char c) => c switch
    {
        ' ' or (>= '\t' and <= '\r') => true,
        < '\u0085' => false,
        '\u0085' or '\u00A0' or '\u1680' or (>= '\u2000' and <= '\u200A') or '\u2028' or '\u2029' or '\u202F'
            or '\u205F' or '\u3000' => true,
        _ => false,
    };
}
