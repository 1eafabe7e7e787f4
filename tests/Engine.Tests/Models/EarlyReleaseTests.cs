using HfTrain.Engine.Models.T5;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Models;

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
