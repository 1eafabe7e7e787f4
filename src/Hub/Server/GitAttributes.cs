using System.Text;
using System.Text.RegularExpressions;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Server;

/// <summary>
/// The <c>.gitattributes</c> of a Hub repo: the default one a new repo gets (the Hub's list of LFS patterns) and the
/// <c>filter=lfs</c> patterns of an existing one, matched as git does (a pattern without '/' matches a file name at any
/// depth; with '/', the path from the root; '*' within a segment, '**' across segments).
/// </summary>
internal sealed class GitAttributes
{
    static readonly string[] ModelPatterns =
    [
        "*.7z", "*.arrow", "*.bin", "*.bz2", "*.ckpt", "*.ftz", "*.gz", "*.h5", "*.joblib", "*.lfs.*", "*.mlmodel",
        "*.model", "*.msgpack", "*.npy", "*.npz", "*.onnx", "*.ot", "*.parquet", "*.pb", "*.pickle", "*.pkl", "*.pt",
        "*.pth", "*.rar", "*.safetensors", "saved_model/**/*", "*.tar.*", "*.tar", "*.tflite", "*.tgz", "*.wasm",
        "*.xz", "*.zip", "*.zst", "*tfevents*",
    ];

    static readonly string[] DatasetExtra =
    [
        "*.lz4", "*.mds", "*.mp3", "*.ogg", "*.wav", "*.jpg", "*.jpeg", "*.png", "*.webp", "*.mp4", "*.webm",
    ];

    const string Space = "[[:space:]]";

    readonly List<(Regex Pattern, bool Lfs)> _rules = [];

    public static string Default(RepoType type)
    {
        var text = new StringBuilder();
        foreach (string pattern in type == RepoType.Dataset ? ModelPatterns.Concat(DatasetExtra) : ModelPatterns)
            text.Append(pattern).Append(" filter=lfs diff=lfs merge=lfs -text\n");
        return text.ToString();
    }

    public GitAttributes(string? content)
    {
        foreach (string raw in (content ?? "").Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            string[] parts = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || parts[0].StartsWith('!'))
                continue;
            bool? lfs = null;
            foreach (string attribute in parts.Skip(1))
            {
                if (attribute == "filter=lfs")
                    lfs = true;
                else if (attribute is "-filter" or "!filter" || (attribute.StartsWith("filter=", StringComparison.Ordinal) && attribute != "filter=lfs"))
                    lfs = false;
            }
            if (lfs is { } value)
                _rules.Add((ToRegex(Unescape(parts[0])), value));
        }
    }

    /// <summary>True when the last matching rule says <c>filter=lfs</c>.</summary>
    public bool IsLfs(string path)
    {
        bool lfs = false;
        foreach (var (pattern, value) in _rules)
        {
            if (pattern.IsMatch(path))
                lfs = value;
        }
        return lfs;
    }

    /// <summary>The line that makes <paramref name="path"/> an LFS file: a space as <c>[[:space:]]</c> (as the Hub writes it), glob characters in brackets.</summary>
    public static string LfsLine(string path) =>
        string.Concat(path.Select(c => c == ' ' ? Space : c is '*' or '?' or '[' or '\\' or '#' ? $"[{c}]" : c.ToString()))
        + " filter=lfs diff=lfs merge=lfs -text\n";

    static string Unescape(string pattern) => pattern.Replace("\\ ", " ", StringComparison.Ordinal);

    static Regex ToRegex(string pattern)
    {
        bool anchored = pattern.Contains('/', StringComparison.Ordinal);
        pattern = pattern.TrimStart('/');
        var regex = new StringBuilder(anchored ? "^" : "(^|/)");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (string.CompareOrdinal(pattern, i, Space, 0, Space.Length) == 0)
            {
                regex.Append(@"\s");
                i += Space.Length - 1;
            }
            else if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" any number of folders; "/**" everything below
                if (i + 2 < pattern.Length && pattern[i + 2] == '/')
                {
                    regex.Append("(.*/)?");
                    i += 2;
                }
                else
                {
                    regex.Append(".*");
                    i += 1;
                }
            }
            else if (c == '*')
                regex.Append("[^/]*");
            else if (c == '?')
                regex.Append("[^/]");
            else if (c == '[')
            {
                int end = pattern.IndexOf(']', i + 1);
                if (end < 0)
                    regex.Append(@"\[");
                else
                {
                    string set = pattern[(i + 1)..end];
                    regex.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = end;
                }
            }
            else
                regex.Append(Regex.Escape(c.ToString()));
        }
        regex.Append('$');
        return new Regex(regex.ToString(), RegexOptions.CultureInvariant);
    }
}
