using HfTrain.Engine.Models.T5;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Models;

public sealed class T5FeedForwardTests
{
    /// <summary>The fused relu + dropout keeps relu's values scaled by 1/(1−p) where kept, zero elsewhere, drops about
    /// p of the positive elements, and passes the gradient exactly where it kept (relu's and dropout's together).</summary>
    [Fact]
    public void Relu_dropout_in_one_product_has_relu_then_dropout_values_and_gradients()
    {
        const double p = 0.1;
        manual_seed(7);
        using var scope = NewDisposeScope();
        var h = randn(200, 500).requires_grad_(true);
        var y = T5FeedForward.ReluDropout(h, p);
        y.sum().backward();
        var kept = y.ne(0);
        var relu = h.detach().clamp_min(0);
        Assert.True(y.detach().allclose(relu * kept / (1 - p), rtol: 1e-6, atol: 0));
        Assert.False(kept.logical_and(h.detach().le(0)).any().item<bool>());                  // nothing negative survives
        double keptShare = kept.sum().item<long>() / (double)h.detach().gt(0).sum().item<long>();
        Assert.InRange(keptShare, 1 - p - 0.01, 1 - p + 0.01);
        Assert.True(h.grad!.allclose(kept.to(float32) / (1 - p)));
    }
}
