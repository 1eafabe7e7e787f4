using System.Buffers.Binary;
using System.Text;

namespace HfTrain.Engine.Tests.Reporting;

/// <summary>
/// A minimal, independent reader of TensorBoard event files for tests: TfRecord framing with both CRCs checked
/// (bitwise CRC-32C, not the product's), and a generic protobuf walk of Event/Summary/Value.
/// </summary>
sealed record TfEvent(double WallTime, long Step, string? FileVersion, string? Tag, float? Value)
{
    public static List<TfEvent> ReadAll(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var events = new List<TfEvent>();
        var pos = 0;
        while (pos < bytes.Length)
        {
            var header = bytes.AsSpan(pos, 8);
            var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(header);
            Assert.Equal(Masked(header), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos + 8, 4)));
            var data = bytes.AsSpan(pos + 12, length);
            Assert.Equal(Masked(data), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos + 12 + length, 4)));
            events.Add(Parse(data.ToArray()));
            pos += 12 + length + 4;
        }
        return events;
    }

    static TfEvent Parse(byte[] data)
    {
        double wall = 0; long step = 0; string? version = null, tag = null; float? value = null;
        foreach (var (field, raw, varint) in Fields(data))
        {
            switch (field)
            {
                case 1: wall = BinaryPrimitives.ReadDoubleLittleEndian(raw); break;
                case 2: step = (long)varint; break;
                case 3: version = Encoding.UTF8.GetString(raw); break;
                case 5:
                    var summaryValue = Assert.Single(Fields(raw)); // one Value per Event, as we write them
                    foreach (var (vf, vraw, _) in Fields(summaryValue.Raw))
                        if (vf == 1) tag = Encoding.UTF8.GetString(vraw);
                        else if (vf == 2) value = BinaryPrimitives.ReadSingleLittleEndian(vraw);
                    break;
            }
        }
        return new(wall, step, version, tag, value);
    }

    static List<(int Field, byte[] Raw, ulong Varint)> Fields(byte[] data)
    {
        var fields = new List<(int, byte[], ulong)>();
        var pos = 0;
        while (pos < data.Length)
        {
            var key = ReadVarint(data, ref pos);
            var field = (int)(key >> 3);
            switch (key & 7)
            {
                case 0: fields.Add((field, [], ReadVarint(data, ref pos))); break;
                case 1: fields.Add((field, data[pos..(pos + 8)], 0)); pos += 8; break;
                case 2:
                    var n = (int)ReadVarint(data, ref pos);
                    fields.Add((field, data[pos..(pos + n)], 0)); pos += n; break;
                case 5: fields.Add((field, data[pos..(pos + 4)], 0)); pos += 4; break;
                default: throw new InvalidDataException($"wire type {key & 7}");
            }
        }
        return fields;
    }

    static ulong ReadVarint(byte[] data, ref int pos)
    {
        ulong result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[pos++];
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return result;
        }
    }

    internal static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
        }
        return ~crc;
    }

    static uint Masked(ReadOnlySpan<byte> data)
    {
        var crc = Crc32C(data);
        return unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);
    }
}
