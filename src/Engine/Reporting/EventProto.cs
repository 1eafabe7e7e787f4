using System.Buffers.Binary;
using System.Text;

namespace HfTrain.Engine.Reporting;

/// <summary>
/// The protobuf bytes of tensorboard's Event (event.proto) for the two kinds we write, encoded by hand
/// (no protobuf dependency for ~20 bytes a scalar):
///   Event   { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
///   Summary { repeated Value value = 1; }   Value { string tag = 1; float simple_value = 2; }
/// </summary>
static class EventProto
{
    public static byte[] FileVersion(double wallTime)
    {
        var e = new List<byte>();
        Double(e, 1, wallTime);
        Bytes(e, 3, Encoding.UTF8.GetBytes("brain.Event:2"));
        return [.. e];
    }

    public static byte[] Scalar(double wallTime, long step, string tag, float value)
    {
        var v = new List<byte>();
        Bytes(v, 1, Encoding.UTF8.GetBytes(tag));
        v.Add(Key(2, 5)); // fixed32
        Span<byte> f = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(f, value);
        v.AddRange(f.ToArray());

        var summary = new List<byte>();
        Bytes(summary, 1, [.. v]);

        var e = new List<byte>();
        Double(e, 1, wallTime);
        e.Add(Key(2, 0)); // varint
        Varint(e, (ulong)step);
        Bytes(e, 5, [.. summary]);
        return [.. e];
    }

    static byte Key(int field, int wireType) => (byte)((field << 3) | wireType);

    static void Double(List<byte> to, int field, double value)
    {
        to.Add(Key(field, 1)); // fixed64
        Span<byte> d = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(d, value);
        to.AddRange(d.ToArray());
    }

    static void Bytes(List<byte> to, int field, byte[] bytes)
    {
        to.Add(Key(field, 2)); // length-delimited
        Varint(to, (ulong)bytes.Length);
        to.AddRange(bytes);
    }

    static void Varint(List<byte> to, ulong value)
    {
        while (value >= 0x80)
        {
            to.Add((byte)(value | 0x80));
            value >>= 7;
        }
        to.Add((byte)value);
    }
}
