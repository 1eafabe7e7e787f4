using System.Text;
using System.Text.RegularExpressions;

namespace HfTrain.Hub.Client;

/// <summary>
/// Path patterns of <c>allow_patterns</c> (fnmatch: <c>*</c> also crosses '/') and of the <c>datasets</c> library's
/// <c>data_files</c> (<c>**</c> any depth, <c>*</c> inside one segment, <c>?</c>, <c>[...]</c>). A pattern without a
/// wildcard matches itself, and a folder name (ending in '/') everything under it.
/// </summary>
public static class Glob
{
    /// <summary>fnmatch, as huggingface_hub's <c>filter_repo_objects</c> applies it.</summary>
    public static bool Matches(string pattern, string path)
    {
        if (pattern.EndsWith('/'))
            pattern += "*";
        return Regex.IsMatch(path, ToRegex(pattern, segmentStar: false), RegexOptions.CultureInvariant);
    }

    /// <summary>A <c>data_files</c> pattern: '*' stays inside one path segment, '**' crosses them.</summary>
    public static bool MatchesDataFile(string pattern, string path) =>
        Regex.IsMatch(path, ToRegex(pattern, segmentStar: true), RegexOptions.CultureInvariant);

    static string ToRegex(string pattern, bool segmentStar)
    {
        var regex = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                bool slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
                regex.Append(segmentStar ? "[^/]*" : ".*");
            else if (c == '?')
                regex.Append(segmentStar ? "[^/]" : ".");
            else if (c == '[' && pattern.IndexOf(']', i + 1) is int end and > 0)
            {
                string set = pattern[(i + 1)..end];
                regex.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                i = end;
            }
            else
                regex.Append(Regex.Escape(c.ToString()));
        }
        return regex.Append('$').ToString();
    }
}
