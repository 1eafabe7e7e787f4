using HfTrain.Abstractions;
using HfTrain.Engine.Checkpoints;

namespace HfTrain.Engine.Tests.Checkpoints;

/// <summary>Hand-built torch.save zips: the valid subset loads, everything else is refused with a named reason.</summary>
public sealed class TorchPickleTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly byte[] Floats = [.. BitConverter.GetBytes(1f), .. BitConverter.GetBytes(2f), .. BitConverter.GetBytes(3f), .. BitConverter.GetBytes(4f)];

    /// <summary>OrderedDict{'w': tensor} with one FloatStorage '0' of 4 elements.</summary>
    private static byte[] StateDict(long numel = 4, long offset = 0, long[]? size = null, long[]? stride = null, string storageType = "FloatStorage") =>
        new PickleBytes().Proto().Global("collections", "OrderedDict").EmptyTuple().Reduce().Put(0)
            .Mark().Str("w").Tensor(storageType, "0", numel, offset, size ?? [2, 2], stride ?? [2, 1]).SetItems().Stop().ToArray();

    private string Bin(byte[] pickle, byte[]? storage = null)
    {
        string path = _dir.File($"{Guid.NewGuid():N}.bin");
        var storages = storage is null ? new Dictionary<string, byte[]>() : new Dictionary<string, byte[]> { ["0"] = storage };
        PickleBytes.WriteZip(path, pickle, storages);
        return path;
    }

    private static void AssertRefused(string path, string expected)
    {
        var error = Assert.Throws<TaskInputException>(() => CheckpointFiles.LoadStateDict(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hand_built_control_state_dict_loads()
    {
        var tensors = CheckpointFiles.LoadStateDict(Bin(StateDict(), Floats));
        Assert.Equal(new long[] { 2, 2 }, tensors["w"].shape);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, tensors["w"].data<float>().ToArray());
        tensors.DisposeAll();
    }

    [Fact]
    public void Protocol_4_opcodes_load_the_same_state_dict()
    {
        // OrderedDict{'a': t, 'b': t} with t rebuilt once and recalled from the memo (tied weights), protocol 4.
        var p = new PickleBytes().Op(0x80, 4).Frame(0)
            .StackGlobal("collections", "OrderedDict").Memoize().Op((byte)')').Memoize().Reduce().Memoize()
            .Mark().ShortStr("a").Memoize()
            .StackGlobal("torch._utils", "_rebuild_tensor_v2").Memoize()
            .Mark().Mark().ShortStr("storage").StackGlobal("torch", "FloatStorage").ShortStr("0").ShortStr("cpu").Int(4).Tuple().BinPersId()
            .Int(0).Ints(2, 2).Ints(2, 1).False().StackGlobal("collections", "OrderedDict").EmptyTuple().Reduce().Tuple().Reduce().Memoize()
            .ShortStr("b").Op((byte)'h', 13)   // memo 13 = the rebuilt tensor (0-12: module/name strings, globals, (), dict, 'a')
            .SetItems().Stop().ToArray();
        var tensors = CheckpointFiles.LoadStateDict(Bin(p, Floats));
        Assert.Equal(["a", "b"], tensors.Keys);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, tensors["b"].data<float>().ToArray());
        tensors.DisposeAll();
    }

    [Fact]
    public void A_transposed_view_is_materialized_row_major()
    {
        var tensors = CheckpointFiles.LoadStateDict(Bin(StateDict(stride: [1, 2]), Floats));
        Assert.Equal(new[] { 1f, 3f, 2f, 4f }, tensors["w"].data<float>().ToArray());
        tensors.DisposeAll();
    }

    [Fact]
    public void A_global_that_could_execute_code_is_refused()
    {
        byte[] evil = new PickleBytes().Proto().Global("os", "system").Mark().Str("touch pwned").Tuple().Reduce().Stop().ToArray();
        AssertRefused(Bin(evil), "'os.system'");
        Assert.False(File.Exists("pwned"));
    }

    [Fact]
    public void Allowed_globals_cannot_be_called_with_other_arguments()
    {
        byte[] odd = new PickleBytes().Proto().Global("collections", "OrderedDict").Mark().Str("x").Tuple().Reduce().Stop().ToArray();
        AssertRefused(Bin(odd), "call of collections.OrderedDict with 1 arguments");
    }

    [Fact]
    public void Object_building_opcodes_are_refused() =>
        AssertRefused(Bin(new PickleBytes().Proto().Mark().Op((byte)'i').Op("os\nsystem\n"u8.ToArray()).Stop().ToArray()), "opcode 0x69");

    [Fact]
    public void A_truncated_pickle_is_refused() =>
        AssertRefused(Bin(StateDict()[..^5], Floats), "truncated");

    [Fact]
    public void Storage_bytes_that_do_not_match_its_declared_size() =>
        AssertRefused(Bin(StateDict(), Floats[..12]), "is 12 bytes but 4 × Float32 needs 16");

    [Fact]
    public void A_view_reaching_past_its_storage() =>
        AssertRefused(Bin(StateDict(offset: 1), Floats), "reaches element 4 of storage '0', which has 4");

    [Fact]
    public void A_negative_stride() =>
        AssertRefused(Bin(StateDict(stride: [-2, 1]), Floats), "negative offset, size or stride");

    [Fact]
    public void A_missing_storage_entry() =>
        AssertRefused(Bin(StateDict()), "storage entry 'archive/data/0' is missing");

    [Fact]
    public void An_unknown_storage_type() =>
        AssertRefused(Bin(StateDict(storageType: "ComplexFloatStorage"), Floats), "'torch.ComplexFloatStorage'");

    [Fact]
    public void A_value_that_is_not_a_tensor()
    {
        byte[] pickle = new PickleBytes().Proto().EmptyDict().Mark().Str("epoch").Int(3).SetItems().Stop().ToArray();
        AssertRefused(Bin(pickle), "'epoch' holds a Int64, not a tensor");
    }

    [Fact]
    public void A_pre_1_6_non_zip_file() =>
        AssertRefused(WriteRaw("old.bin", [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, (byte)'.']), "not a zip archive");

    [Fact]
    public void A_zip_without_data_pkl()
    {
        string path = _dir.File("nopkl.bin");
        using (var zip = new System.IO.Compression.ZipArchive(File.Create(path), System.IO.Compression.ZipArchiveMode.Create))
            zip.CreateEntry("archive/version");
        AssertRefused(path, "no <root>/data.pkl");
    }

    private string WriteRaw(string name, byte[] bytes)
    {
        string path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
