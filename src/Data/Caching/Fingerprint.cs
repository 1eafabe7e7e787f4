using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HfTrain.Data.Caching;

/// <summary>
/// The key of a tokenized-dataset cache entry: SHA-256 over everything that changes the token ids — the data
/// files (full path, size and last-write time, as <c>datasets</c> fingerprints local files, not their bytes), the
/// tokenizer files (their contents: small, and a re-exported tokenizer keeps its mtime rarely), in-memory inputs
/// such as embedded samples (their bytes), the code that makes the examples (a build identity, e.g. an MVID) and the
/// preprocessing options (name=value, sorted by name).
/// </summary>
public sealed class Fingerprint
{
    private readonly SortedDictionary<string, string> _parts = new(StringComparer.Ordinal);

    /// <summary>A data file by path, size and modification time (cheap for multi-GB files).</summary>
    public Fingerprint AddDataFile(string path)
    {
        var info = new FileInfo(path);
        var stamp = info.Exists
            ? $"{info.Length}:{info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)}"
            : "missing";
        _parts[$"data:{info.FullName}"] = stamp;
        return this;
    }

    /// <summary>A file by content (tokenizer.json, spiece.model, …).</summary>
    public Fingerprint AddFileContents(string path)
    {
        var full = Path.GetFullPath(path);
        _parts[$"file:{full}"] = File.Exists(full) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(full))) : "missing";
        return this;
    }

    public Fingerprint AddBytes(string name, ReadOnlySpan<byte> bytes)
    {
        _parts[$"bytes:{name}"] = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return this;
    }

    /// <summary>Code that makes the examples (a task plugin, the tokenizer), by an identity that changes whenever its
    /// bytes do (an assembly's MVID, a content hash), so new code never reads what old code wrote.</summary>
    public Fingerprint AddCode(string name, string identity)
    {
        _parts[$"code:{name}"] = identity;
        return this;
    }

    /// <summary>An option that changes preprocessing (max_source_length, source_prefix, text_column, …).</summary>
    public Fingerprint AddOption(string name, object? value)
    {
        _parts[$"option:{name}"] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "<null>";
        return this;
    }

    /// <summary>64 lower-case hex digits.</summary>
    public string Compute()
    {
        var text = new StringBuilder("hf-train tokenized cache v1\n");
        foreach (var (key, value) in _parts)
            text.Append(key).Append('=').Append(value).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
