namespace HfTrain.Plugins.Translation.Metrics;

/// <summary>A string indexed by Unicode code point, as Python indexes str: n-gram i spans code points i..i+n.</summary>
internal sealed class CodePointString
{
    private readonly string _text;
    private readonly int[] _starts; // UTF-16 offset of each code point, plus _text.Length at the end

    private CodePointString(string text)
    {
        _text = text;
        var starts = new List<int>(text.Length + 1);
        for (var i = 0; i < text.Length; i++)
        {
            starts.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
        }
        starts.Add(text.Length);
        _starts = [.. starts];
    }

    public int Length => _starts.Length - 1;

    /// <summary>''.join(text.split()): every Python-whitespace character removed.</summary>
    public static CodePointString WithoutWhitespace(string text) =>
        new(string.Concat(PythonWhitespace.Split(text)));

    public Dictionary<string, int> NGrams(int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= Length; i++)
        {
            var gram = _text.Substring(_starts[i], _starts[i + n] - _starts[i]);
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }
        return counts;
    }
}
