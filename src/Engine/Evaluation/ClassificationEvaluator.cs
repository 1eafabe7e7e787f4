using System.Diagnostics;
using HfTrain.Abstractions;
using HfTrain.Data.Batching;
using HfTrain.Engine.Batches;
using HfTrain.Engine.Models;
using static TorchSharp.torch;

namespace HfTrain.Engine.Evaluation;

/// <summary>
/// Trainer.evaluate / predict for a sequence classifier: batches in dataset order, the loss as HF's evaluation loop
/// averages it (each batch's mean weighted by its rows), logits → the predicted label id (argmax), scored by
/// <paramref name="scorer"/>. Predictions come back as one-element rows [id] in dataset order.
/// </summary>
/// <param name="collator">pads the inputs; each example's labels are its one label id.</param>
public sealed class ClassificationEvaluator(ISeq2SeqModel model, int batchSize, Seq2SeqCollator collator)
{
    /// <param name="withLabels">false for a test set without labels: no loss, predictions only.</param>
    public EvaluationOutput Run(IReadOnlyList<Seq2SeqExample> examples, string prefix, IPredictionScorer? scorer, bool withLabels = true)
    {
        if (examples.Count == 0)
            throw new TaskInputException($"The {prefix} set is empty: nothing to evaluate.");
        var clock = Stopwatch.StartNew();
        var device = model.Module.parameters().First().device;
        var batches = new Batcher(examples.Select(e => e.InputIds.Length).ToList(), batchSize, BatchOrder.Sequential).Epoch(0);
        bool wasTraining = model.Module.training;
        model.Module.eval();
        var predictions = new int[examples.Count][];
        double lossSum = 0;
        try
        {
            using var _ = no_grad();
            foreach (var indices in batches)
            {
                using var scope = NewDisposeScope();
                var batch = collator.Collate(examples, indices);
                var tensors = BatchTensors.From(batch, device, model.Tokens.DecoderStartTokenId, model.Tokens.PadTokenId);
                var output = model.Forward(tensors.InputIds, tensors.AttentionMask, withLabels ? tensors.Labels : null);
                long[] ids = output.Logits.argmax(-1).cpu().data<long>().ToArray();        // host sync per batch
                for (int i = 0; i < batch.Size; i++)
                    predictions[batch.Indices[i]] = [(int)ids[i]];
                if (output.Loss is { } loss)
                    lossSum += loss.to(float64).item<double>() * batch.Size;                 // host sync per batch
            }
        }
        finally
        {
            if (wasTraining)
                model.Module.train();
        }
        var metrics = new Dictionary<string, double>();
        if (withLabels)
            metrics[$"{prefix}_loss"] = lossSum / examples.Count;
        if (scorer is not null && withLabels)
        {
            scorer.Prepare(examples);
            foreach (var (key, value) in scorer.Score(predictions, examples))
                metrics[$"{prefix}_{key}"] = value;
        }
        double seconds = clock.Elapsed.TotalSeconds;
        metrics[$"{prefix}_runtime"] = Math.Round(seconds, 4);
        metrics[$"{prefix}_samples_per_second"] = Math.Round(examples.Count / seconds, 3);
        metrics[$"{prefix}_steps_per_second"] = Math.Round(batches.Count / seconds, 3);
        return new EvaluationOutput(metrics, predictions);
    }
}
