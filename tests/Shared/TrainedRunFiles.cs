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

    /// <summary>Both runs logged <paramref name="steps"/> losses, equal within 1e-4 relative (the ranks' float sums
    /// run in another order than one process's).</summary>
    public static void AssertSameLosses(string oneDir, string twoDir, int steps)
    {
        double[] one = LoggedLosses(oneDir), two = LoggedLosses(twoDir);
        Assert.Equal(steps, one.Length);
        Assert.Equal(one.Length, two.Length);
        for (int i = 0; i < one.Length; i++)
            Assert.True(Math.Abs(one[i] - two[i]) <= 1e-4 * Math.Abs(one[i]), $"step {i + 1}: loss {two[i]} on 2 ranks, {one[i]} on 1 process");
    }

    /// <summary>The largest difference between the two runs' saved weights, element by element.</summary>
    public static double LargestWeightDifference(string oneDir, string twoDir)
    {
        var a = ReadFloat32(Path.Combine(oneDir, "model.safetensors"));
        var b = ReadFloat32(Path.Combine(twoDir, "model.safetensors"));
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        return a.Max(kv => kv.Value.Select((v, i) => (double)Math.Abs(v - b[kv.Key][i])).Max());
    }
}
