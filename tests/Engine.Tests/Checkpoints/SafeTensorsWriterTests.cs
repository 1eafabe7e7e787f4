using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using HfTrain.Engine.Checkpoints;
using TorchSharp;

namespace HfTrain.Engine.Tests.Checkpoints;

public sealed class SafeTensorsWriterTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string HeaderOf(string path, out int paddedLength)
    {
        byte[] bytes = File.ReadAllBytes(path);
        paddedLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return Encoding.UTF8.GetString(bytes, 8, paddedLength);
    }

    [Fact]
    public void Header_has_format_pt_extra_metadata_and_space_padding_to_a_multiple_of_8()
    {
        using var a = torch.ones(3, dtype: torch.float32);
        string path = _dir.File("model.safetensors");
        SafeTensors.Write(path, [new("a", a)], new Dictionary<string, string> { ["step"] = "12" });

        string header = HeaderOf(path, out int padded);
        Assert.Equal(0, padded % 8);
        Assert.StartsWith("""{"__metadata__":{"format":"pt","step":"12"},"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}""", header);
        Assert.True(header[header.TrimEnd(' ').Length..].All(c => c == ' '));
        Assert.Equal(8 + padded + 12, new FileInfo(path).Length);
        JsonDocument.Parse(header).Dispose();   // valid JSON as is
    }

    [Fact]
    public void Overwriting_a_larger_file_leaves_no_stale_bytes_and_no_temp_files()
    {
        string path = _dir.File("model.safetensors");
        using (var big = torch.zeros(1000))
            SafeTensors.Write(path, [new("big", big)]);
        using var small = torch.arange(4, dtype: torch.int64);
        SafeTensors.Write(path, [new("small", small)]);

        HeaderOf(path, out int padded);
        Assert.Equal(8 + padded + 32, new FileInfo(path).Length);
        Assert.Equal([path], Directory.GetFiles(_dir.Path));
        var back = SafeTensors.Read(path);
        Assert.Equal(new long[] { 0, 1, 2, 3 }, back["small"].data<long>().ToArray());
        back.DisposeAll();
    }

    [Fact]
    public void A_failed_write_keeps_the_previous_file_intact()
    {
        string path = _dir.File("model.safetensors");
        using var good = torch.ones(2);
        SafeTensors.Write(path, [new("good", good)]);
        byte[] before = File.ReadAllBytes(path);

        using var complex = torch.zeros(2, dtype: torch.complex64);
        Assert.Throws<ArgumentException>(() => SafeTensors.Write(path, [new("good", good), new("c", complex)]));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void Tied_weights_passed_twice_are_refused()
    {
        using var w = torch.ones(2, 2);
        var error = Assert.Throws<ArgumentException>(() => SafeTensors.Write(_dir.File("m.safetensors"), [new("shared.weight", w), new("shared.weight", w)]));
        Assert.Contains("passed twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trainable_parameters_are_written_by_value()
    {
        using var parameter = new TorchSharp.Modules.Parameter(torch.full(3, 0.5f));   // requires_grad = true
        string path = _dir.File("m.safetensors");
        SafeTensors.Write(path, [new("p", parameter)]);
        var back = SafeTensors.Read(path);
        Assert.Equal(new[] { 0.5f, 0.5f, 0.5f }, back["p"].data<float>().ToArray());
        Assert.False(back["p"].requires_grad);
        back.DisposeAll();
    }

    [Fact]
    public void Tied_weights_passed_under_two_names_are_refused()
    {
        using var shared = torch.ones(4, 2);
        using var alias = shared.alias();   // same memory, as lm_head.weight is shared.weight in a tied T5
        var error = Assert.Throws<ArgumentException>(() => SafeTensors.Write(_dir.File("m.safetensors"), [new("shared.weight", shared), new("lm_head.weight", alias)]));
        Assert.Contains("shares memory with", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void Non_contiguous_views_and_every_dtype_round_trip_bit_identically()
    {
        using var scope = torch.NewDisposeScope();
        var baseTensor = torch.arange(24, dtype: torch.float32).reshape(4, 6) / 8 - 1;   // [4, 6]
        var tensors = new Dictionary<string, torch.Tensor>
        {
            ["transposed"] = baseTensor.t(),                        // [6, 4], strides (1, 6)
            ["columns"] = baseTensor[.., 1..].slice(1, 0, 5, 2),   // [4, 3], strided view
            ["bf16"] = baseTensor.to(torch.bfloat16), ["f16"] = baseTensor.to(torch.float16),
            ["f64"] = baseTensor.to(torch.float64), ["i64"] = torch.tensor(new long[] { long.MinValue, -1, long.MaxValue }),
            ["i32"] = torch.tensor(new[] { int.MinValue, 7 }), ["i16"] = torch.tensor(new short[] { -3, 3 }),
            ["i8"] = torch.tensor(new sbyte[] { -128, 127 }), ["u8"] = torch.tensor(new byte[] { 0, 255 }),
            ["bool"] = torch.tensor(new[] { true, false }), ["scalar"] = torch.tensor(2.5f), ["empty"] = torch.zeros(0, 7),
        };
        string path = _dir.File("model.safetensors");
        SafeTensors.Write(path, tensors);
        var back = SafeTensors.Read(path);
        Assert.Equal(tensors.Keys.Order(), back.Keys.Order());
        foreach (var (name, t) in tensors)
            StateDicts.AssertBitIdentical(t, back[name], name);
        Assert.Equal(new float[] { -1f, -0.25f, 0.5f, 1.25f, -0.875f }, back["transposed"].flatten()[..5].data<float>().ToArray());

        // A second write of what was read is byte-identical.
        string second = _dir.File("again.safetensors");
        SafeTensors.Write(second, back);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(second));
        back.DisposeAll();
    }
}
