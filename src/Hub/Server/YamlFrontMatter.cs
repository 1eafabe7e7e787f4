namespace HfTrain.Hub.Server;

/// <summary>A structural check of a model card's YAML front matter (no YAML library: the Hub server has no dependencies).</summary>
internal static class YamlFrontMatter
{
    /// <summary>Why the front matter is invalid, or null. A card without front matter is valid (it has no metadata).</summary>
    public static string? Check(string content)
    {
        string text = content.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
            return text.TrimStart().StartsWith("---", StringComparison.Ordinal) ? "The YAML front matter must start on the first line with '---'." : null;
        int end = text.IndexOf("\n---", 3, StringComparison.Ordinal);
        if (end < 0)
            return "The YAML front matter is not closed: add a line '---' after it.";
        string[] lines = text[4..(end + 1)].Split('\n');
        bool sawKey = false;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
                continue;
            if (line.StartsWith('\t') || line.TakeWhile(char.IsWhiteSpace).Contains('\t'))
                return $"YAML line {i + 2}: tabs cannot indent YAML; use spaces.";
            if (char.IsWhiteSpace(line[0]) || line.StartsWith('-'))
            {
                if (!sawKey)
                    return $"YAML line {i + 2}: an indented value or list item before any key.";
                continue;
            }
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || (colon + 1 < line.Length && line[colon + 1] != ' '))
                return $"YAML line {i + 2}: expected 'key: value', got '{(line.Length > 80 ? line[..80] + "..." : line)}'.";
            sawKey = true;
        }
        return null;
    }
}
