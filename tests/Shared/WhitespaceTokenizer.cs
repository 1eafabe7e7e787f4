using HfTrain.Abstractions;

namespace HfTrain.Tests.Shared;

/// <summary>A real, deterministic word-level tokenizer for tests: words split on whitespace get ids in order of
/// first appearance from 2 (0 = &lt;pad&gt;, 1 = &lt;/s&gt;); truncation keeps EOS last, as the ITextTokenizer contract says.</summary>
public sealed class WhitespaceTokenizer : ITextTokenizer
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _words = ["<pad>", "</s>"];

    public int PadTokenId => 0;

    public int EosTokenId => 1;

    public int[] Encode(string text, int maxLength)
    {
        var ids = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Id).ToList();
        if (ids.Count > maxLength - 1)
            ids = ids.Take(maxLength - 1).ToList();
        ids.Add(EosTokenId);
        return ids.ToArray();
    }

    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens) =>
        string.Join(" ", ids.Where(id => !skipSpecialTokens || id > 1).Select(id => _words[id]));

    private int Id(string word)
    {
        if (!_ids.TryGetValue(word, out var id))
        {
            id = _words.Count;
            _ids[word] = id;
            _words.Add(word);
        }
        return id;
    }
}

/// <summary>Option values from a dictionary, as a plugin sees them (for example-builder tests).</summary>
public sealed class DictionaryOptions(Dictionary<string, object?> values) : IOptionValues
{
    public object? this[string name] => values.GetValueOrDefault(name);

    public bool IsSet(string name) => values.ContainsKey(name);
}
