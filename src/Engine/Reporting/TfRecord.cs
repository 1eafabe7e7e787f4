using System.Buffers.Binary;
using System.Numerics;

namespace HfTrain.Engine.Reporting;

/// <summary>
/// TFRecord framing (tensorflow/core/lib/io/record_writer.cc), the container of TensorBoard event files:
/// uint64 length, uint32 masked crc32c(length), data, uint32 masked crc32c(data); all little-endian.
/// </summary>
static class TfRecord
{
    public static void Write(Stream stream, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], MaskedCrc(header[..8]));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, MaskedCrc(data));
        stream.Write(header);
        stream.Write(data);
        stream.Write(footer);
    }

    /// <summary>TensorFlow's crc32c::Mask: rotate right by 15 and add a constant (CRCs of CRCs are weak otherwise).</summary>
    public static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        var crc = Crc32C(data);
        return unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);
    }

    /// <summary>CRC-32C (Castagnoli); BitOperations.Crc32C is the raw update (SSE4.2/ARM when present), so invert in and out.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }
}
