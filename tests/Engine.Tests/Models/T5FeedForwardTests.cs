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

public sealed class EarlyReleaseTests
{
    /// <summary>
    /// A dispose scope keeps every tensor made in it alive until it ends; the model releases its intermediates after
    /// their last use, so after a whole forward pass (encoder, decoder, loss) only a handful of handles remain in the
    /// scope — not one per operation (hundreds). On a GPU this was gigabytes (docs/PERFORMANCE.md).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_forward_pass_leaves_few_live_tensors_in_its_scope(bool training)
    {
        using var model = T5ForConditionalGeneration.Load(HfTrain.Engine.Tests.Training.TrainingFixture.Dir("tiny"));
        if (training) model.train(); else model.eval();
        var ids = randint(2, 100, [4, 24]);
        var labels = randint(2, 100, [4, 9]);
        using var scope = NewDisposeScope();
        using var grad = training ? enable_grad() : no_grad();
        int before = scope.DisposablesCount;
        var output = model.Forward(ids, null, labels);
        int created = scope.DisposablesCount - before;
        Assert.True(created <= 40, $"{created} tensors left alive in the scope by one forward pass");
        Assert.True(output.Loss!.item<float>() > 0);
    }
}
