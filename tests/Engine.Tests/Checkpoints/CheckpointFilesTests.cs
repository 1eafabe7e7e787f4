using HfTrain.Abstractions;
using HfTrain.Engine.Checkpoints;
using TorchSharp;
using static HfTrain.Engine.Tests.Checkpoints.StateDicts;

namespace HfTrain.Engine.Tests.Checkpoints;

public sealed class CheckpointFilesTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_empty_folder_names_every_file_looked_for()
    {
        var error = Assert.Throws<TaskInputException>(() => CheckpointFiles.LoadStateDict(_dir.Path));
        Assert.Contains(_dir.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("model.safetensors, model.safetensors.index.json, pytorch_model.bin, pytorch_model.bin.index.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_says_so()
    {
        string missing = _dir.File("no-such-model");
        var error = Assert.Throws<TaskInputException>(() => CheckpointFiles.LoadStateDict(missing));
        Assert.Contains($"'{missing}' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Safetensors_wins_over_a_pytorch_bin_as_in_transformers()
    {
        File.Copy(Fixture("tiny", "model.safetensors"), _dir.File("model.safetensors"));
        File.WriteAllText(_dir.File("pytorch_model.bin"), "not a checkpoint");   // would fail if it were read
        var tensors = CheckpointFiles.LoadStateDict(_dir.Path);
        Assert.Contains("shared.weight", tensors.Keys);
        tensors.DisposeAll();
        Assert.Equal(_dir.File("model.safetensors"), CheckpointFiles.Find(_dir.Path));
    }

    [Fact]
    public void A_pytorch_bin_is_used_when_it_is_the_only_weights()
    {
        File.Copy(Fixture("legacy", "tiny-bin", "pytorch_model.bin"), _dir.File("pytorch_model.bin"));
        var tensors = CheckpointFiles.LoadStateDict(_dir.Path);
        Assert.Equal(new long[] { 1100, 64 }, tensors["shared.weight"].shape);
        tensors.DisposeAll();
    }

    [Fact]
    public void Saving_replaces_a_stale_sharded_save_and_loads_back()
    {
        foreach (string file in Directory.GetFiles(Fixture("legacy", "tiny-sharded")))
            File.Copy(file, _dir.File(Path.GetFileName(file)));
        var tensors = CheckpointFiles.LoadStateDict(_dir.Path);
        string written = CheckpointFiles.SaveStateDict(_dir.Path, tensors);

        Assert.Equal(_dir.File("model.safetensors"), written);
        Assert.Equal(["config.json", "generation_config.json", "model.safetensors"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName).Order());
        Assert.Equal(File.ReadAllBytes(Fixture("tiny", "model.safetensors")), File.ReadAllBytes(written));
        tensors.DisposeAll();
    }

    [Fact]
    public void A_big_endian_torch_checkpoint_is_refused()
    {
        string path = _dir.File("pytorch_model.bin");
        PickleBytes.WriteZip(path, new PickleBytes().Proto().EmptyDict().Stop().ToArray(), new Dictionary<string, byte[]>());
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update))
        using (var stream = zip.CreateEntry("archive/byteorder").Open())
            stream.Write("big"u8);
        var error = Assert.Throws<TaskInputException>(() => CheckpointFiles.LoadStateDict(_dir.Path));
        Assert.Contains("big-endian", error.Message, StringComparison.Ordinal);
    }

    private void WriteShardedPair(string index)
    {
        using var a = torch.ones(2);
        using var b = torch.zeros(3);
        SafeTensors.Write(_dir.File("s1.safetensors"), [new("a", a)]);
        SafeTensors.Write(_dir.File("s2.safetensors"), [new("b", b)]);
        File.WriteAllText(_dir.File("model.safetensors.index.json"), index);
    }

    [Fact]
    public void A_sharded_index_loads_each_shard_once()
    {
        WriteShardedPair("""{"metadata": {"total_size": 20}, "weight_map": {"a": "s1.safetensors", "b": "s2.safetensors"}}""");
        var tensors = CheckpointFiles.LoadStateDict(_dir.Path);
        Assert.Equal(["a", "b"], tensors.Keys.Order());
        tensors.DisposeAll();
    }

    [Theory]
    [InlineData("""{"weight_map": {"a": "s1.safetensors", "b": "s3.safetensors"}}""", "shard 's3.safetensors' listed in weight_map is missing")]
    [InlineData("""{"weight_map": {"a": "s1.safetensors", "b": "../s2.safetensors"}}""", "expected a file name in the same folder")]
    [InlineData("""{"weight_map": {"a": "s1.safetensors", "c": "s2.safetensors"}}""", "puts 'c' in 's2.safetensors', but that shard does not contain it")]
    [InlineData("""{"metadata": {}}""", "no \"weight_map\" object")]
    [InlineData("""{"weight_map": {"a": "s1.safe""", "not valid JSON")]
    public void A_broken_sharded_index_is_refused_with_the_reason(string index, string expected)
    {
        WriteShardedPair(index);
        var error = Assert.Throws<TaskInputException>(() => CheckpointFiles.LoadStateDict(_dir.Path));
        Assert.Contains("model.safetensors.index.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tensor_in_two_shards_is_refused()
    {
        using var a = torch.ones(2);
        SafeTensors.Write(_dir.File("s1.safetensors"), [new("a", a)]);
        SafeTensors.Write(_dir.File("s2.safetensors"), [new("a", a)]);
        File.WriteAllText(_dir.File("model.safetensors.index.json"), """{"weight_map": {"a": "s1.safetensors", "x": "s2.safetensors"}}""");
        var error = Assert.Throws<TaskInputException>(() => CheckpointFiles.LoadStateDict(_dir.Path));
        Assert.Contains("tensor 'a' is stored in more than one shard", error.Message, StringComparison.Ordinal);
    }
}
