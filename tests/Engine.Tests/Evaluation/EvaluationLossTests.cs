using HfTrain.Data.Batching;
using HfTrain.Engine.Batches;
using HfTrain.Engine.Evaluation;
using HfTrain.Engine.Models;
using HfTrain.Engine.Models.T5;
using HfTrain.Engine.Tests.Training;
using HfTrain.Engine.Training;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Evaluation;

/// <summary>
/// The evaluator runs batches longest first, yet reports HF's loss: the mean token loss of each batch in dataset order,
/// weighted by its rows — computed here the plain way, one sequential batch at a time through the model's mean loss.
/// </summary>
public sealed class EvaluationLossTests
{
    static double SequentialLoss(T5ForConditionalGeneration model, IReadOnlyList<HfTrain.Abstractions.Seq2SeqExample> data, int batchSize, double smoothing)
    {
        using var _ = no_grad();
        model.eval();
        var collator = new Seq2SeqCollator(model.Config.PadTokenId);
        double total = 0;
        foreach (var indices in new Batcher(data.Select(e => e.InputIds.Length).ToList(), batchSize, BatchOrder.Sequential).Epoch(0))
        {
            using var scope = NewDisposeScope();
            var tensors = BatchTensors.From(collator.Collate(data, indices), CPU, model.Config.DecoderStartTokenId, model.Config.PadTokenId);
            var output = model.Forward(tensors.InputIds, tensors.AttentionMask, tensors.Labels, tensors.DecoderInputIds, smoothing);
            total += output.Loss!.item<float>() * indices.Length;
        }
        return total / data.Count;
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void The_loss_is_hf_s_mean_over_sequential_batches_whatever_order_batches_ran_in(double smoothing)
    {
        using var model = T5ForConditionalGeneration.Load(TrainingFixture.Dir("tiny-trained"));
        var data = TrainingFixture.Examples(37);                                      // a short last batch too
        var lengths = data.Select(e => e.InputIds.Length).ToList();
        Assert.NotEqual(lengths.OrderByDescending(l => l), lengths);                  // sorting does reorder this set

        double evaluated = new Seq2SeqEvaluator(model, 8, labelSmoothing: smoothing).Run(data, "eval", null, null).Metrics["eval_loss"];

        Assert.Equal(SequentialLoss(model, data, 8, smoothing), evaluated, 1e-5);
        if (smoothing > 0)                                                            // the smoother is applied, as HF's prediction_step does
            Assert.NotEqual(SequentialLoss(model, data, 8, 0.0), evaluated, 1e-3);
    }

    /// <summary>Generated rows come back in dataset order: each equals the row generated for that example alone.</summary>
    [Fact]
    public void Predictions_come_back_in_dataset_order()
    {
        using var model = T5ForConditionalGeneration.Load(TrainingFixture.Dir("tiny-trained"));
        var data = TrainingFixture.Examples(12);
        var generation = GenerationConfig.FromModelConfig(model.Tokens) with { MaxLength = 10 };
        var batched = new Seq2SeqEvaluator(model, 5).Run(data, "eval", generation, null).Predictions!;
        for (int i = 0; i < data.Count; i++)
        {
            var alone = new Seq2SeqEvaluator(model, 1).Run([data[i]], "eval", generation, null).Predictions![0];
            Assert.Equal(alone, batched[i]);
        }
    }

    [Fact]
    public void A_batch_without_label_tokens_makes_the_loss_nan_as_torch_s_mean_of_nothing()
    {
        Assert.True(double.IsNaN(Seq2SeqEvaluator.SequentialBatchLoss([1.0, 0.0], [2, 0], 1)));
        Assert.Equal((1.5 / 3 * 2 + 2.0 / 4) / 3, Seq2SeqEvaluator.SequentialBatchLoss([1.0, 0.5, 2.0], [1, 2, 4], 2), 12);
    }
}
