namespace HfTrain.Plugins.Shared;

// One source compiled into each built-in plugin (linked in their .csproj): plugins share no assembly but the contract.

/// <summary>Python's str.isspace() set, which str.strip()/str.split() use. It differs from char.IsWhiteSpace:
/// Python also counts U+001C..U+001F (information separators). All are in the BMP.</summary>
internal static class PythonWhitespace
{
    public static bool IsSpace(char c) => c switch
    {
        >= '\t' and <= '\r' or >= '\u001C' and <= ' ' or '\u0085' or '\u00A0' or '\u1680' => true,
        >= '\u2000' and <= '\u200A' or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' => true,
        _ => false,
    };

    /// <summary>str.strip() with no argument.</summary>
    public static string Strip(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsSpace(text[start]))
        {
            start++;
        }
        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }
        return text[start..end];
    }

    /// <summary>str.split() with no argument: runs of whitespace separate, no empty items.</summary>
    public static List<string> Split(string text)
    {
        var items = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && IsSpace(text[i]))
            {
                i++;
            }
            var start = i;
            while (i < text.Length && !IsSpace(text[i]))
            {
                i++;
            }
            if (i > start)
            {
                items.Add(text[start..i]);
            }
        }
        return items;
    }

    /// <summary>str.rstrip() with no argument.</summary>
    public static string RStrip(string text)
    {
        var end = text.Length;
        while (end > 0 && IsSpace(text[end - 1]))
        {
            end--;
        }
        return text[..end];
    }
}
