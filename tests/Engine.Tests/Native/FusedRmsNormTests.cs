using TorchSharp;
using HfTrain.Engine.Models.T5;
using HfTrain.Engine.Native;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Native;

/// <summary>libtorch's rms_norm called through its C++ symbol computes T5's layer norm, and the T5 norm takes it exactly
/// where no gradient is needed.</summary>
public sealed class FusedRmsNormTests
{
    static Tensor WrittenOut(Tensor x, Tensor? weight, double eps)
    {
        var normed = x * (x.pow(2).mean([-1], keepdim: true) + eps).rsqrt();
        return weight is null ? normed : normed * weight;
    }

    [Fact]
    public void The_native_op_is_found_and_matches_the_formula()
    {
        Assert.True(FusedRmsNorm.Available);
        using var scope = NewDisposeScope();
        var x = randn(3, 5, 64, generator: new TorchSharp.torch.Generator(7)) * 3;
        var weight = rand(64, generator: new TorchSharp.torch.Generator(8)) + 0.5;
        var fused = FusedRmsNorm.Apply(x, weight, 1e-6);
        Assert.Equal(x.shape, fused.shape);
        Assert.Equal(ScalarType.Float32, fused.dtype);
        Assert.True(fused.allclose(WrittenOut(x, weight, 1e-6), rtol: 1e-5, atol: 1e-6));
        Assert.True(FusedRmsNorm.Apply(x, null, 1e-6).allclose(WrittenOut(x, null, 1e-6), rtol: 1e-5, atol: 1e-6));
        Assert.False(fused.allclose(WrittenOut(x, weight, 1.0), rtol: 1e-5, atol: 1e-6));     // eps reaches the op
    }

    [Fact]
    public void A_weight_of_another_dtype_or_size_is_refused_before_the_native_call()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 8);
        Assert.Throws<ArgumentException>(() => FusedRmsNorm.Apply(x, ones(8, bfloat16), 1e-6));
        Assert.Throws<ArgumentException>(() => FusedRmsNorm.Apply(x, ones(4), 1e-6));
        Assert.Throws<ArgumentException>(() => FusedRmsNorm.Apply(ones(2, 8, int64), null, 1e-6));
    }

    /// <summary>Without a graph the T5 norm uses the fused op (float32 and bf16 weights), with one it writes the norm out
    /// (autograd needs its pieces); both agree.</summary>
    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.BFloat16)]
    public void The_t5_norm_gives_the_same_with_and_without_a_graph(ScalarType weightType)
    {
        using var scope = NewDisposeScope();
        using var norm = new T5LayerNorm(64, 1e-6);
        using (no_grad())
            norm.Weight.copy_(rand(64, generator: new TorchSharp.torch.Generator(3)) + 0.5);
        norm.to(weightType);
        var x = randn(4, 6, 64, generator: new TorchSharp.torch.Generator(4));
        Tensor withoutGraph;
        using (no_grad())
            withoutGraph = norm.forward(x);
        var withGraph = norm.forward(x.requires_grad_(true));
        Assert.True(withGraph.requires_grad);
        Assert.Equal(withGraph.dtype, withoutGraph.dtype);
        double tolerance = weightType == ScalarType.Float32 ? 1e-5 : 1e-2;
        Assert.True(withGraph.detach().to(float32).allclose(withoutGraph.to(float32), rtol: tolerance, atol: tolerance));
    }
}
