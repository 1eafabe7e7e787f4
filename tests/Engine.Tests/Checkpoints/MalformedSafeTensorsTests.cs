using System.Buffers.Binary;
using System.Text;
using HfTrain.Abstractions;
using HfTrain.Engine.Checkpoints;

namespace HfTrain.Engine.Tests.Checkpoints;

/// <summary>Each malformed file is written with real bytes and must be refused with a message naming file and problem.</summary>
public sealed class MalformedSafeTensorsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>8-byte little-endian length, the header text, then <paramref name="dataBytes"/> bytes of data.</summary>
    private string WriteFile(string header, int dataBytes, ulong? declaredLength = null)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        for (int i = 8 + json.Length; i < bytes.Length; i++)
            bytes[i] = (byte)i;
        string path = _dir.File($"bad-{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void AssertRefused(string path, string expectedProblem)
    {
        var error = Assert.Throws<TaskInputException>(() => SafeTensors.Read(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expectedProblem, error.Message, StringComparison.Ordinal);
    }

    private const string Good = """{"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}""";

    [Fact]
    public void The_well_formed_control_file_reads()
    {
        var tensors = SafeTensors.Read(WriteFile(Good, 16));
        Assert.Equal(new long[] { 2, 2 }, tensors["a"].shape);
        tensors.DisposeAll();
    }

    [Fact]
    public void File_shorter_than_the_length_prefix() =>
        AssertRefused(WriteFileRaw([1, 0, 0]), "file too short (3 bytes)");

    [Fact]
    public void Header_size_larger_than_the_file() =>
        AssertRefused(WriteFile(Good, 16, declaredLength: 1UL << 40), "header size 1099511627776 is larger than the file");

    [Fact]
    public void Header_size_near_ulong_max_does_not_overflow() =>
        AssertRefused(WriteFile(Good, 16, declaredLength: ulong.MaxValue - 3), "is larger than the file");

    [Fact]
    public void Header_that_is_not_json() =>
        AssertRefused(WriteFile("{\"a\": {\"dtype\": F32", 0), "header is not valid JSON");

    [Fact]
    public void Header_that_is_not_an_object() =>
        AssertRefused(WriteFile("[1, 2, 3]", 0), "header is a JSON Array, expected an object");

    [Fact]
    public void Unknown_dtype() =>
        AssertRefused(WriteFile(Good.Replace("F32", "F31"), 16), "dtype 'F31', which is unknown");

    [Fact]
    public void Dtype_the_format_knows_but_libtorch_sharp_cannot_hold() =>
        AssertRefused(WriteFile(Good.Replace("F32", "U32"), 16), "dtype 'U32', which is not supported by libtorch in TorchSharp");

    [Fact]
    public void Shape_times_dtype_not_equal_to_the_byte_range() =>
        AssertRefused(WriteFile(Good.Replace("[2,2]", "[2,3]"), 16), "shape [2, 3] × F32 is 24 bytes but data_offsets [0, 16] hold 16");

    [Fact]
    public void Negative_dimension() =>
        AssertRefused(WriteFile(Good.Replace("[2,2]", "[-2,-2]"), 16), "negative dimension");

    [Fact]
    public void Shape_whose_size_overflows_64_bits() =>
        AssertRefused(WriteFile(Good.Replace("[2,2]", "[4611686018427387904,4]"), 16), "is too large");

    [Fact]
    public void Offsets_out_of_order() =>
        AssertRefused(WriteFile(Good.Replace("[0,16]", "[16,0]"), 16), "are out of order");

    [Fact]
    public void Offsets_past_the_end_of_the_file() =>
        AssertRefused(WriteFile(Good.Replace("[0,16]", "[0,1600]").Replace("[2,2]", "[20,20]"), 16), "run past the end of the data section (16 bytes)");

    [Fact]
    public void Overlapping_ranges() =>
        AssertRefused(WriteFile("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", 16),
            "overlap entry 'a'");

    [Fact]
    public void Hole_between_ranges() =>
        AssertRefused(WriteFile("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}""", 16),
            "belong to no tensor");

    [Fact]
    public void Truncated_data_section() =>
        AssertRefused(WriteFile(Good, 10), "run past the end of the data section (10 bytes)");

    [Fact]
    public void Trailing_bytes_after_the_last_tensor() =>
        AssertRefused(WriteFile(Good, 24), "the data section is 24 bytes but the tensors cover only 16");

    [Fact]
    public void Duplicate_tensor_name() =>
        AssertRefused(WriteFile("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", 16),
            "tensor 'a' appears twice");

    [Fact]
    public void Entry_without_data_offsets() =>
        AssertRefused(WriteFile("""{"a":{"dtype":"F32","shape":[2]}}""", 8), "entry 'a' has no 'data_offsets' array");

    [Fact]
    public void Missing_file_names_the_path() =>
        AssertRefused(_dir.File("nope.safetensors"), "file not found");

    private string WriteFileRaw(byte[] bytes)
    {
        string path = _dir.File($"raw-{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
