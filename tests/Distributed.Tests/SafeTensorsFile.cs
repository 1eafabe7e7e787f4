using System.Buffers.Binary;
using System.Text.Json.Nodes;

namespace HfTrain.Distributed.Tests;

/// <summary>The float32 tensors of a .safetensors file by name (8-byte header length, JSON header, raw data).</summary>
internal static class SafeTensorsFile
{
    public static Dictionary<string, float[]> ReadFloat32(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        var header = JsonNode.Parse(bytes.AsSpan(8, (int)headerLength))!.AsObject();
        var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (name, info) in header)
        {
            if (name == "__metadata__" || (string)info!["dtype"]! != "F32")
                continue;
            var offsets = info["data_offsets"]!.AsArray();
            int start = 8 + (int)headerLength + (int)(long)offsets[0]!, end = 8 + (int)headerLength + (int)(long)offsets[1]!;
            tensors[name] = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan(start, end - start)).ToArray();
        }
        return tensors;
    }
}
