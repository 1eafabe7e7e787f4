using HfTrain.Engine.Evaluation;
using HfTrain.Engine.Models;
using HfTrain.Engine.Models.T5;
using HfTrain.Engine.Tests.Training;

namespace HfTrain.Engine.Tests.Evaluation;

public sealed class ConcurrentEvaluationTests
{
    /// <summary>
    /// Batches evaluated on several threads at once (what CUDA runs use) give exactly what one batch after another
    /// gives: the same loss to the last bit and the same generated ids in dataset order, greedy and beam.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Concurrent_batches_give_the_sequential_loss_and_predictions(int beams)
    {
        using var model = T5ForConditionalGeneration.Load(TrainingFixture.Dir("tiny-trained"));
        var data = TrainingFixture.Examples(40);
        var generation = GenerationConfig.FromModelConfig(model.Tokens) with { MaxLength = 12, NumBeams = beams };
        var one = new Seq2SeqEvaluator(model, 4, concurrentBatches: 1).Run(data, "eval", generation, null);
        var three = new Seq2SeqEvaluator(model, 4, concurrentBatches: 3).Run(data, "eval", generation, null);
        Assert.Equal(one.Metrics["eval_loss"], three.Metrics["eval_loss"]);
        Assert.Equal(data.Count, three.Predictions!.Count);
        for (int i = 0; i < data.Count; i++)
            Assert.Equal(one.Predictions![i], three.Predictions[i]);
    }
}
