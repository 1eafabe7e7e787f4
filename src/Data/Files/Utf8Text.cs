using System.Text.Unicode;
using HfTrain.Abstractions;

namespace HfTrain.Data.Files;

/// <summary>Strict UTF-8 decoding: invalid bytes are a user error naming the line, never replacement characters
/// (Python's <c>datasets</c> fails the same way with a UnicodeDecodeError).</summary>
internal static class Utf8Text
{
    /// <summary>Throws the located error unless <paramref name="bytes"/> are valid UTF-8 (vectorized check).</summary>
    public static void Validate(ReadOnlySpan<byte> bytes, string path)
    {
        if (!Utf8.IsValid(bytes))
            Decode(bytes, path);
    }

    public static string Decode(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.StartsWith("\uFEFF"u8))
            bytes = bytes[3..];
        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status == System.Buffers.OperationStatus.Done)
            return new string(chars, 0, written);
        var line = bytes[..read].Count((byte)'\n') + 1;
        throw new TaskInputException(
            $"{FileLocation.Line(path, line)}: the file is not valid UTF-8 (byte 0x{bytes[read]:X2} at offset {read}). " +
            "Re-save it as UTF-8, e.g. `iconv -f latin1 -t utf-8 in > out`.");
    }
}
