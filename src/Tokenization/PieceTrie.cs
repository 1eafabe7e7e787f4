namespace HfTrain.Tokenization;

/// <summary>A character trie of vocabulary pieces for common-prefix search: one hash lookup per character step.</summary>
internal sealed class PieceTrie
{
    public const int Root = 0;

    // (node << 16 | char) -> child node; per node the id of the piece that ends there, or -1.
    private readonly Dictionary<long, int> _children = new();
    private readonly List<int> _pieceIds = [-1];

    public void Add(string piece, int id)
    {
        var node = Root;
        foreach (var c in piece)
        {
            var key = Key(node, c);
            if (!_children.TryGetValue(key, out var child))
            {
                child = _pieceIds.Count;
                _pieceIds.Add(-1);
                _children.Add(key, child);
            }
            node = child;
        }
        _pieceIds[node] = id;
    }

    /// <summary>The node reached from <paramref name="node"/> by <paramref name="c"/>, or -1.</summary>
    public int Child(int node, char c) => _children.TryGetValue(Key(node, c), out var child) ? child : -1;

    public int PieceId(int node) => _pieceIds[node];

    private static long Key(int node, char c) => ((long)node << 16) | c;
}
