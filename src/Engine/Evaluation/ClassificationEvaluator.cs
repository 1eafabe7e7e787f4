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
/// <paramref name="scorer"/>. Predictions come back in dataset order as the examples' labels are written: [id]
/// (argmax), multi-hot rows (logit &gt; 0, as run_classification.py) or [float32 bits] (regression). In a run of
/// several processes each rank evaluates its share of the batches (<see cref="EvaluationShards"/>) and the loss and
/// predictions are gathered before scoring: the numbers one process computes.
/// </summary>
/// <param name="collator">pads the inputs; each example's labels are as <see cref="Predict"/> writes them.</param>
/// <param name="problemType">transformers' problem_type (<see cref="ClassifierLabels"/>).</param>
/// <param name="world">the ranks of a run of several processes; null: one process.</param>
public sealed class ClassificationEvaluator(ISeq2SeqModel model, int batchSize, Seq2SeqCollator collator, string problemType = ClassifierLabels.SingleLabel,
    HfTrain.Engine.Runs.TensorCollectives? world = null)
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
        var batchLoss = new double[examples.Count];                        // each row holds its batch's mean loss
        var mine = EvaluationShards.Mine(batches.Count, world);
        try
        {
            using var _ = no_grad();
            foreach (int b in mine)
            {
                using var scope = NewDisposeScope();
                var batch = collator.Collate(examples, batches[b]);
                var tensors = BatchTensors.From(batch, device, model.Tokens.DecoderStartTokenId, model.Tokens.PadTokenId);
                var output = model.Forward(tensors.InputIds, tensors.AttentionMask, withLabels ? tensors.Labels : null);
                var rows = Predict(output.Logits);                                         // host sync per batch
                for (int i = 0; i < batch.Size; i++)
                    predictions[batch.Indices[i]] = rows[i];
                if (output.Loss is { } loss)
                {
                    double mean = loss.to(float64).item<double>();                          // host sync per batch
                    foreach (int i in batch.Indices)
                        batchLoss[i] = mean;
                }
            }
        }
        finally
        {
            if (wasTraining)
                model.Module.train();
        }
        if (world is not null)
            EvaluationShards.Gather(world, mine.SelectMany(b => batches[b]), batchLoss, new int[examples.Count], predictions);
        double lossSum = 0;
        foreach (var indices in batches)                                     // in batch order, as one process adds them
            lossSum += batchLoss[indices[0]] * indices.Length;
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

    /// <summary>Logits [B, L] → one prediction per row, in the form of the examples' labels.</summary>
    int[][] Predict(Tensor logits)
    {
        long rows = logits.shape[0], width = logits.shape[1];
        switch (problemType)
        {
            case ClassifierLabels.Regression:
                float[] values = logits.to(float32).cpu().data<float>().ToArray();
                return [.. values.Select(v => new[] { RegressionTargets.Encode(v) })];
            case ClassifierLabels.MultiLabel:
                long[] hot = logits.gt(0).to(int64).cpu().data<long>().ToArray();          // np.where(p > 0, 1, 0)
                return [.. Enumerable.Range(0, (int)rows).Select(r => hot.Skip(r * (int)width).Take((int)width).Select(v => (int)v).ToArray())];
            default:
                long[] ids = logits.argmax(-1).cpu().data<long>().ToArray();
                return [.. ids.Select(id => new[] { (int)id })];
        }
    }
}
