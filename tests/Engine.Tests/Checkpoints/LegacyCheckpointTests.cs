using HfTrain.Engine.Checkpoints;
using static HfTrain.Engine.Tests.Checkpoints.StateDicts;

namespace HfTrain.Engine.Tests.Checkpoints;

/// <summary>Loads the layouts transformers/torch wrote in tests/Fixtures/legacy and compares with tiny's safetensors.</summary>
public sealed class LegacyCheckpointTests
{
    private static readonly string[] TiedAliases = ["encoder.embed_tokens.weight", "decoder.embed_tokens.weight", "lm_head.weight"];

    [Fact]
    public void Torch_save_state_dict_matches_the_safetensors_weights_including_tied_aliases()
    {
        var expected = SafeTensors.Read(Fixture("tiny", "model.safetensors"));
        var actual = CheckpointFiles.LoadStateDict(Fixture("legacy", "tiny-bin"));
        try
        {
            Assert.Equal(expected.Keys.Concat(TiedAliases).Order(), actual.Keys.Order());
            foreach (var (name, tensor) in expected)
                AssertBitIdentical(tensor, actual[name], name);
            foreach (var alias in TiedAliases)
                AssertBitIdentical(expected["shared.weight"], actual[alias], alias);
        }
        finally
        {
            expected.DisposeAll();
            actual.DisposeAll();
        }
    }

    [Theory]
    [InlineData("tiny-bin-sharded", "pytorch_model.bin.index.json")]
    [InlineData("tiny-sharded", "model.safetensors.index.json")]
    public void Sharded_checkpoints_load_every_tensor_of_every_shard(string folder, string index)
    {
        Assert.Equal(Fixture("legacy", folder, index), CheckpointFiles.Find(Fixture("legacy", folder)));
        var expected = SafeTensors.Read(Fixture("tiny", "model.safetensors"));
        var actual = CheckpointFiles.LoadStateDict(Fixture("legacy", folder));
        try
        {
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (name, tensor) in expected)
                AssertBitIdentical(tensor, actual[name], name);
        }
        finally
        {
            expected.DisposeAll();
            actual.DisposeAll();
        }
    }

    [Theory]
    [InlineData("dtypes.bin")]
    [InlineData("dtypes.safetensors")]
    public void Every_dtype_scalar_empty_and_strided_view_reads_back_the_values_torch_saved(string file)
    {
        var expected = ExpectedDTypes();
        var actual = CheckpointFiles.LoadStateDict(Fixture("legacy", "dtypes", file));
        try
        {
            var names = file.EndsWith(".bin", StringComparison.Ordinal) ? expected.Keys : expected.Keys.Where(k => !k.StartsWith("view_", StringComparison.Ordinal));
            Assert.Equal(names.Order(), actual.Keys.Order());
            foreach (var name in names)
                AssertMatches(actual, name, expected[name]);
        }
        finally
        {
            actual.DisposeAll();
        }
    }

    [Fact]
    public void Rewriting_the_safetensors_library_mixed_dtype_file_is_byte_identical()
    {
        // The Rust writer orders data by dtype (largest first) then name; ours must agree for mixed dtypes too.
        using var dir = new TempDir();
        string source = Fixture("legacy", "dtypes", "dtypes.safetensors");
        var tensors = SafeTensors.Read(source);
        try
        {
            SafeTensors.Write(dir.File("model.safetensors"), tensors);
            Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(dir.File("model.safetensors")));
        }
        finally
        {
            tensors.DisposeAll();
        }
    }

    [Fact]
    public void The_transformers_4_layout_of_tiny_gated_carries_its_own_lm_head()
    {
        var v4 = CheckpointFiles.LoadStateDict(Fixture("legacy", "tiny-gated-v4"));
        var head = CheckpointFiles.LoadStateDict(Fixture("legacy", "tiny-gated-v4-head"));
        try
        {
            AssertBitIdentical(v4["shared.weight"], v4["lm_head.weight"], "lm_head.weight");
            Assert.False(head["lm_head.weight"].eq(head["shared.weight"]).all().item<bool>());
            AssertBitIdentical(v4["shared.weight"], head["shared.weight"], "shared.weight");
        }
        finally
        {
            v4.DisposeAll();
            head.DisposeAll();
        }
    }
}
