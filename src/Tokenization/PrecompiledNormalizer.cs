using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace HfTrain.Tokenization;

/// <summary>sentencepiece's precompiled charsmap (nmt_nfkc for T5) applied as Hugging Face tokenizers'
/// <c>Precompiled</c> normalizer does (tokenizers normalizers/precompiled.rs + the spm_precompiled crate): per
/// grapheme cluster shorter than 6 UTF-8 bytes, the replacement of the first (shortest) key that prefixes it replaces
/// the whole cluster; otherwise each code point is looked up alone. transformers 5 uses it for T5 when it converts a
/// bare spiece.model (it maps e.g. "…" to "...", "²" to "2", "ﬁ" to "fi" and drops U+200B).
/// The charsmap is a u32 trie size, a darts-clone double array, then NUL-terminated replacement strings.</summary>
internal sealed class PrecompiledNormalizer
{
    private readonly uint[] _units;
    private readonly byte[] _replacements;
    // Single-code-point results for the BMP, filled lazily: null = not looked up yet, Unchanged = no replacement.
    // Concurrent encoders may race on a slot; they write the same value and reference writes are atomic.
    private readonly string?[] _bmpCache = new string?[65536];
    private const string Unchanged = "\uFFFF";

    public PrecompiledNormalizer(byte[] charsmap)
    {
        var trieBytes = (int)BinaryPrimitives.ReadUInt32LittleEndian(charsmap);
        _units = new uint[trieBytes / 4];
        for (var i = 0; i < _units.Length; i++)
            _units[i] = BinaryPrimitives.ReadUInt32LittleEndian(charsmap.AsSpan(4 + 4 * i));
        _replacements = charsmap[(4 + trieBytes)..];
    }

    public string Normalize(string text)
    {
        StringBuilder? result = null;
        Span<byte> utf8 = stackalloc byte[8];
        var position = 0;
        while (position < text.Length)
        {
            var length = StringInfo.GetNextTextElementLength(text.AsSpan(position));
            var cluster = text.AsSpan(position, length);
            string? replacement = null;
            var handled = false;
            if (length > 1 && Encoding.UTF8.GetByteCount(cluster) < 6)
            {
                var byteCount = Encoding.UTF8.GetBytes(cluster, utf8);
                replacement = Transform(utf8[..byteCount]);
                handled = replacement is not null;
            }
            if (handled)
            {
                result ??= new StringBuilder(text.Length).Append(text, 0, position);
                result.Append(replacement);
            }
            else
            {
                // Code point by code point (a cluster of one code point takes this path too: same lookup).
                var offset = 0;
                while (offset < length)
                {
                    var cpLength = char.IsHighSurrogate(cluster[offset]) && offset + 1 < length ? 2 : 1;
                    var single = TransformCodePoint(cluster.Slice(offset, cpLength), utf8);
                    if (single is null)
                        result?.Append(cluster.Slice(offset, cpLength));
                    else
                    {
                        result ??= new StringBuilder(text.Length).Append(text, 0, position + offset);
                        result.Append(single);
                    }
                    offset += cpLength;
                }
            }
            position += length;
        }
        return result?.ToString() ?? text;
    }

    private string? TransformCodePoint(ReadOnlySpan<char> codePoint, Span<byte> utf8)
    {
        if (codePoint.Length == 1)
        {
            var cached = _bmpCache[codePoint[0]];
            if (cached is null)
            {
                var count = Encoding.UTF8.GetBytes(codePoint, utf8);
                cached = Transform(utf8[..count]) ?? Unchanged;
                _bmpCache[codePoint[0]] = cached;
            }
            return ReferenceEquals(cached, Unchanged) ? null : cached;
        }
        var byteCount = Encoding.UTF8.GetBytes(codePoint, utf8);
        return Transform(utf8[..byteCount]);
    }

    // darts-clone common prefix search; the first hit (shortest key) wins, as in spm_precompiled.
    private string? Transform(ReadOnlySpan<byte> key)
    {
        uint nodePosition = 0;
        var unit = _units[nodePosition];
        nodePosition ^= Offset(unit);
        foreach (var c in key)
        {
            if (c == 0)
                break;
            nodePosition ^= c;
            if (nodePosition >= _units.Length)
                return null;
            unit = _units[nodePosition];
            if (Label(unit) != c)
                return null;
            nodePosition ^= Offset(unit);
            if (HasLeaf(unit))
                return ReplacementAt((int)Value(_units[nodePosition]));
        }
        return null;
    }

    private string ReplacementAt(int index)
    {
        var end = Array.IndexOf(_replacements, (byte)0, index);
        return Encoding.UTF8.GetString(_replacements, index, (end < 0 ? _replacements.Length : end) - index);
    }

    private static bool HasLeaf(uint unit) => ((unit >> 8) & 1) == 1;

    private static uint Value(uint unit) => unit & ((1u << 31) - 1);

    private static uint Label(uint unit) => unit & ((1u << 31) | 0xFF);

    private static uint Offset(uint unit) => (unit >> 10) << (int)((unit & (1u << 9)) >> 6);
}
