using HfTrain.Engine.Checkpoints;
using TorchSharp;
using static HfTrain.Engine.Tests.Checkpoints.StateDicts;

namespace HfTrain.Engine.Tests.Checkpoints;

public sealed class SafeTensorsRoundTripTests
{
    [Fact]
    public void Reads_the_tiny_fixture_with_shapes_from_its_config()
    {
        var tensors = SafeTensors.Read(Fixture("tiny", "model.safetensors"), out var metadata);
        try
        {
            Assert.Equal("pt", metadata["format"]);
            Assert.Equal(new long[] { 1100, 64 }, tensors["shared.weight"].shape);
            Assert.Equal(new long[] { 32, 4 }, tensors["encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"].shape);
            Assert.All(tensors.Values, t => Assert.Equal(torch.ScalarType.Float32, t.dtype));
            Assert.DoesNotContain("lm_head.weight", tensors.Keys);   // tied model: transformers stores the head once
            // Random-init weights: a non-zero, finite embedding, not an all-zero buffer.
            Assert.True(tensors["shared.weight"].abs().sum().item<float>() > 1f);
            Assert.True(tensors["shared.weight"].isfinite().all().item<bool>());
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    [Fact]
    public void The_header_alone_lists_names_dtypes_and_shapes()
    {
        var header = SafeTensors.ReadHeader(Fixture("legacy", "dtypes", "dtypes.safetensors"));
        Assert.Equal(12, header.Count);
        Assert.Equal(torch.ScalarType.BFloat16, header["bf16"].Type);
        Assert.Equal(new long[] { 4, 6 }, header["bf16"].Shape);
        Assert.Empty(header["scalar"].Shape);
    }

    [Theory]
    [InlineData("tiny")]
    [InlineData("tiny-gated")]
    [InlineData("tiny-trained")]
    public void Rewriting_a_transformers_file_reproduces_it_byte_for_byte(string model)
    {
        using var dir = new TempDir();
        string source = Fixture(model, "model.safetensors");
        var tensors = SafeTensors.Read(source);
        try
        {
            string copy = dir.File("model.safetensors");
            SafeTensors.Write(copy, tensors);
            Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(copy));

            var again = SafeTensors.Read(copy);
            try
            {
                Assert.Equal(tensors.Keys.Order(), again.Keys.Order());
                foreach (var (name, t) in tensors)
                    Assert.True(t.bytes.SequenceEqual(again[name].bytes), name);
            }
            finally
            {
                foreach (var t in again.Values) t.Dispose();
            }
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }
}
