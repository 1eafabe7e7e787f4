using System.Text.Json;
using TorchSharp;

namespace HfTrain.Engine.Tests.Checkpoints;

/// <summary>Helpers that compare and dispose loaded state dicts.</summary>
internal static class StateDicts
{
    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static void DisposeAll(this Dictionary<string, torch.Tensor> tensors)
    {
        foreach (var t in tensors.Values) t.Dispose();
    }

    /// <summary>Same dtype, shape and bytes.</summary>
    public static void AssertBitIdentical(torch.Tensor expected, torch.Tensor actual, string name)
    {
        Assert.True(expected.dtype == actual.dtype, $"{name}: dtype {actual.dtype}, expected {expected.dtype}");
        Assert.True(expected.shape.SequenceEqual(actual.shape), $"{name}: shape [{string.Join(",", actual.shape)}], expected [{string.Join(",", expected.shape)}]");
        using var e = expected.contiguous();
        using var a = actual.contiguous();
        Assert.True(e.bytes.SequenceEqual(a.bytes), $"{name}: bytes differ");
    }

    /// <summary>dtypes.json from the fixture: name → (torch dtype name, shape, flattened values).</summary>
    public static Dictionary<string, (string DType, long[] Shape, double[] Values)> ExpectedDTypes()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Fixture("legacy", "dtypes", "dtypes.json")));
        return doc.RootElement.EnumerateObject().ToDictionary(
            p => p.Name,
            p => (p.Value.GetProperty("dtype").GetString()!,
                  p.Value.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray(),
                  p.Value.GetProperty("values").EnumerateArray().Select(x => x.GetDouble()).ToArray()));
    }

    public static string TorchName(torch.ScalarType type) => type switch
    {
        torch.ScalarType.Float32 => "torch.float32",
        torch.ScalarType.Float64 => "torch.float64",
        torch.ScalarType.Float16 => "torch.float16",
        torch.ScalarType.BFloat16 => "torch.bfloat16",
        torch.ScalarType.Int64 => "torch.int64",
        torch.ScalarType.Int32 => "torch.int32",
        torch.ScalarType.Int16 => "torch.int16",
        torch.ScalarType.Int8 => "torch.int8",
        torch.ScalarType.Byte => "torch.uint8",
        torch.ScalarType.Bool => "torch.bool",
        _ => type.ToString(),
    };

    public static void AssertMatches(Dictionary<string, torch.Tensor> actual, string name, (string DType, long[] Shape, double[] Values) expected)
    {
        var t = actual[name];
        Assert.Equal(expected.DType, TorchName(t.dtype));
        Assert.Equal(expected.Shape, t.shape);
        using var asDouble = t.to_type(torch.ScalarType.Float64).contiguous();
        double[] values = t.numel() == 0 ? [] : asDouble.data<double>().ToArray();   // ToArray throws on empty tensors
        Assert.Equal(expected.Values, values);
    }
}
