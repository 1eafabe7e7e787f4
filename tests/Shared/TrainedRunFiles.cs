using System.Buffers.Binary;
using System.Text.Json.Nodes;

namespace HfTrain.Tests.Shared;

/// <summary>What the tests that compare two training runs read from their output folders (linked into each test
/// project that compares runs: Distributed.Tests, Host.Tests).</summary>
internal static class TrainedRunFiles
{
    /// <summary>The float32 tensors of a .safetensors file by name (8-byte header length, JSON header, raw data).</summary>
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

    /// <summary>The "loss" of every training log entry of trainer_state.json, in step order.</summary>
    public static double[] LoggedLosses(string outputDir)
    {
        var state = JsonNode.Parse(File.ReadAllText(Path.Combine(outputDir, "trainer_state.json")))!;
        return state["log_history"]!.AsArray().Where(e => e!["loss"] is not null).Select(e => (double)e!["loss"]!).ToArray();
    }
}
