namespace HfTrain.Tokenization;

/// <summary>The SentencePiece unigram model as Hugging Face tokenizers runs it (tokenizers/src/models/unigram/model.rs,
/// <c>encode_optimized</c>): Viterbi over the pieces that start at each code point, an unknown code point costs
/// <c>min_score - 10</c>, and consecutive unknown pieces are fused into one <c>&lt;unk&gt;</c> (fuse_unk). Written here
/// rather than taken from Microsoft.ML.Tokenizers because that one applies sentencepiece's own normalizer and whole-text
/// segmentation, while transformers 5 runs this model per Metaspace word with no (or its own) normalizer.</summary>
internal sealed class UnigramModel
{
    // tokenizers' K_UNK_PENALTY: an unknown code point scores this much below the worst piece.
    private const double UnknownPenalty = 10.0;

    private readonly string[] _pieces;
    private readonly double[] _scores;
    private readonly Dictionary<string, int> _pieceToId;
    private readonly PieceTrie _trie;
    private readonly double _unknownScore;

    public UnigramModel(IReadOnlyList<(string Piece, double Score)> vocabulary, int unknownId)
    {
        if (unknownId < 0 || unknownId >= vocabulary.Count)
            throw new ArgumentOutOfRangeException(nameof(unknownId), $"unk_id {unknownId} is outside the vocabulary of {vocabulary.Count} pieces.");
        _pieces = new string[vocabulary.Count];
        _scores = new double[vocabulary.Count];
        _pieceToId = new Dictionary<string, int>(vocabulary.Count, StringComparer.Ordinal);
        _trie = new PieceTrie();
        var minScore = double.MaxValue;
        for (var id = 0; id < vocabulary.Count; id++)
        {
            var (piece, score) = vocabulary[id];
            _pieces[id] = piece;
            _scores[id] = score;
            minScore = Math.Min(minScore, score);
            // tokenizers builds token_to_ids with later duplicates overwriting earlier ones.
            _pieceToId[piece] = id;
        }
        foreach (var (piece, id) in _pieceToId)
            _trie.Add(piece, id);
        _unknownScore = minScore - UnknownPenalty;
        UnknownId = unknownId;
    }

    public int UnknownId { get; }

    public int Count => _pieces.Length;

    public string Piece(int id) => _pieces[id];

    public bool TryGetId(string piece, out int id) => _pieceToId.TryGetValue(piece, out id);

    /// <summary>Appends the ids of one pre-tokenized word (e.g. "▁hello") to <paramref name="ids"/>.</summary>
    public void Encode(ReadOnlySpan<char> word, List<int> ids)
    {
        var n = word.Length;
        if (n == 0)
            return;
        // Best path ending at each UTF-16 position: score, where it starts (-1: not reached) and its piece id.
        Span<double> bestScore = n < 256 ? stackalloc double[n + 1] : new double[n + 1];
        Span<int> startsAt = n < 256 ? stackalloc int[n + 1] : new int[n + 1];
        Span<int> pieceId = n < 256 ? stackalloc int[n + 1] : new int[n + 1];
        bestScore.Clear();
        startsAt.Fill(-1);
        var start = 0;
        while (start < n)
        {
            var baseScore = bestScore[start];
            var charLength = char.IsHighSurrogate(word[start]) && start + 1 < n && char.IsLowSurrogate(word[start + 1]) ? 2 : 1;
            var hasSingleCharPiece = false;
            // Candidates come shortest first and replace the current best only when strictly better, as in Rust.
            var node = PieceTrie.Root;
            for (var end = start; end < n; end++)
            {
                node = _trie.Child(node, word[end]);
                if (node < 0)
                    break;
                var id = _trie.PieceId(node);
                if (id < 0)
                    continue;
                var length = end + 1 - start;
                var candidate = baseScore + _scores[id];
                var target = end + 1;
                if (startsAt[target] < 0 || candidate > bestScore[target])
                {
                    bestScore[target] = candidate;
                    startsAt[target] = start;
                    pieceId[target] = id;
                }
                if (length == charLength)
                    hasSingleCharPiece = true;
            }
            if (!hasSingleCharPiece)
            {
                var target = start + charLength;
                var candidate = baseScore + _unknownScore;
                if (startsAt[target] < 0 || candidate > bestScore[target])
                {
                    bestScore[target] = candidate;
                    startsAt[target] = start;
                    pieceId[target] = UnknownId;
                }
            }
            start += charLength;
        }

        // Walk back from the end; the path comes out reversed, so append then reverse in place.
        var first = ids.Count;
        var position = n;
        var unknownRunEnd = -1;
        while (position > 0)
        {
            var from = startsAt[position];
            if (pieceId[position] == UnknownId)
            {
                if (unknownRunEnd < 0)
                    unknownRunEnd = position;
            }
            else
            {
                FlushUnknownRun(word, position, ref unknownRunEnd, ids);
                ids.Add(pieceId[position]);
            }
            position = from;
        }
        FlushUnknownRun(word, 0, ref unknownRunEnd, ids);
        ids.Reverse(first, ids.Count - first);
    }

    // A fused run of unknown pieces becomes one token: its text's id if that is a piece, else unk (model.rs tokenize).
    private void FlushUnknownRun(ReadOnlySpan<char> word, int runStart, ref int runEnd, List<int> ids)
    {
        if (runEnd < 0)
            return;
        var run = word[runStart..runEnd];
        ids.Add(_pieceToId.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(run, out var id) ? id : UnknownId);
        runEnd = -1;
    }
}
