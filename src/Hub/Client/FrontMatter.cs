using System.Text.Json.Nodes;

namespace HfTrain.Hub.Client;

/// <summary>
/// The YAML front matter of a repo card (<c>README.md</c> between the first two <c>---</c> lines), read as far as
/// dataset cards use it: block mappings and sequences by indentation, <c>- key: value</c> items, plain, quoted and
/// flow-list (<c>[a, b]</c>) scalars, comments. Anything fancier (anchors, multi-line strings) is read as text.
/// </summary>
public static class FrontMatter
{
    public static JsonObject Read(string readme)
    {
        string[] lines = readme.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
            return [];
        int end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (end < 0)
            return [];
        var body = lines[1..end]
            .Select(l => StripComment(l).TrimEnd())
            .Where(l => l.Trim().Length > 0)
            .ToList();
        int i = 0;
        return Parse(body, ref i, 0) as JsonObject ?? [];
    }

    static JsonNode? Parse(List<string> lines, ref int i, int indent)
    {
        if (i >= lines.Count)
            return null;
        return lines[i].TrimStart().StartsWith("- ", StringComparison.Ordinal) || lines[i].Trim() == "-"
            ? ParseSequence(lines, ref i, Indent(lines[i]))
            : ParseMapping(lines, ref i, Math.Max(indent, Indent(lines[i])));
    }

    static JsonObject ParseMapping(List<string> lines, ref int i, int indent)
    {
        var map = new JsonObject();
        while (i < lines.Count && Indent(lines[i]) == indent && !lines[i].TrimStart().StartsWith('-'))
        {
            string line = lines[i].Trim();
            int colon = KeyColon(line);
            if (colon < 0)
            {
                i++;
                continue;
            }
            string key = Unquote(line[..colon].Trim());
            string rest = line[(colon + 1)..].Trim();
            i++;
            if (rest.Length > 0)
                map[key] = Scalar(rest);
            else if (i < lines.Count && (Indent(lines[i]) > indent || Indent(lines[i]) == indent && lines[i].TrimStart().StartsWith('-')))
                map[key] = Parse(lines, ref i, Indent(lines[i]));
            else
                map[key] = null;
        }
        return map;
    }

    static JsonArray ParseSequence(List<string> lines, ref int i, int indent)
    {
        var list = new JsonArray();
        while (i < lines.Count && Indent(lines[i]) == indent && lines[i].TrimStart().StartsWith('-'))
        {
            string item = lines[i].TrimStart()[1..].TrimStart();
            if (item.Length == 0)
            {
                i++;
                list.Add(i < lines.Count && Indent(lines[i]) > indent ? Parse(lines, ref i, Indent(lines[i])) : null);
            }
            else if (KeyColon(item) > 0)
            {
                // "- key: value" opens a mapping whose keys sit two columns in
                int inner = indent + (lines[i].TrimStart().Length - item.Length);
                lines[i] = new string(' ', inner) + item;
                list.Add(ParseMapping(lines, ref i, inner));
            }
            else
            {
                list.Add(Scalar(item));
                i++;
            }
        }
        return list;
    }

    static JsonNode? Scalar(string text)
    {
        if (text.StartsWith('[') && text.EndsWith(']'))
            return new JsonArray(text[1..^1].Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).Select(s => (JsonNode?)JsonValue.Create(Unquote(s))).ToArray());
        string value = Unquote(text);
        return text is "true" or "True" ? JsonValue.Create(true) : text is "false" or "False" ? JsonValue.Create(false) : JsonValue.Create(value);
    }

    /// <summary>The colon that ends a key: followed by a space or the line's end, outside quotes.</summary>
    static int KeyColon(string line)
    {
        char quote = '\0';
        for (int c = 0; c < line.Length; c++)
        {
            if (quote != '\0')
            {
                if (line[c] == quote)
                    quote = '\0';
            }
            else if (line[c] is '"' or '\'' && c == 0)
                quote = line[c];
            else if (line[c] == ':' && (c + 1 == line.Length || line[c + 1] == ' '))
                return c;
            else if (line[c] is '[' or '{')
                return -1;
        }
        return -1;
    }

    static string StripComment(string line)
    {
        char quote = '\0';
        for (int c = 0; c < line.Length; c++)
        {
            if (quote != '\0')
                quote = line[c] == quote ? '\0' : quote;
            else if (line[c] is '"' or '\'')
                quote = line[c];
            else if (line[c] == '#' && (c == 0 || line[c - 1] == ' '))
                return line[..c];
        }
        return line;
    }

    static string Unquote(string text) =>
        text.Length >= 2 && (text[0] == '"' && text[^1] == '"' || text[0] == '\'' && text[^1] == '\'') ? text[1..^1] : text;

    static int Indent(string line) => line.Length - line.TrimStart(' ').Length;
}
