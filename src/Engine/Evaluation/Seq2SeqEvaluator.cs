using System.Diagnostics;
using HfTrain.Abstractions;
using HfTrain.Data.Batching;
using HfTrain.Engine.Generation;
using HfTrain.Engine.Models.T5;
using HfTrain.Engine.Training;
using static TorchSharp.torch;

namespace HfTrain.Engine.Evaluation;

/// <summary>Loss, generations and metrics of one evaluation or prediction pass (keys with the split prefix).</summary>
public sealed record EvaluationOutput(IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<int[]>? Predictions);

/// <summary>
/// Seq2SeqTrainer.evaluate / predict: the loss over the set (each batch's mean token loss weighted by its size,
/// as HF's evaluation loop averages), and with predict_with_generate the generated ids, scored by the task's
/// metric on decoded text. Batches are in dataset order; generated rows come back in dataset order.
/// </summary>
public sealed class Seq2SeqEvaluator(T5ForConditionalGeneration model, int batchSize, Seq2SeqCollator? collator = null)
{
    /// <summary>Scores generated ids against the examples: the task metrics (e.g. rouge1, gen_len), unprefixed.</summary>
    public delegate IReadOnlyDictionary<string, double> Scorer(IReadOnlyList<int[]> predictions, IReadOnlyList<Seq2SeqExample> examples);

    public EvaluationOutput Run(IReadOnlyList<Seq2SeqExample> examples, string prefix, GenerationConfig? generation, Scorer? scorer)
    {
        if (examples.Count == 0)
            throw new TaskInputException($"The {prefix} set is empty: nothing to evaluate.");
        var clock = Stopwatch.StartNew();
        var device = model.parameters().First().device;
        var collate = collator ?? new Seq2SeqCollator(model.Config.PadTokenId, ignorePadTokenForLoss: true);
        var batches = new Batcher(examples.Select(e => e.InputIds.Length).ToList(), batchSize, BatchOrder.Sequential).Epoch(0);
        bool wasTraining = model.training;
        model.eval();
        using var lossSum = zeros(1, float64, device).squeeze();
        var predictions = generation is null ? null : new int[examples.Count][];
        var profiler = StepProfiler.FromEnvironment(device, $"{prefix} batch", warmupSteps: 1);
        try
        {
            using var _ = no_grad();
            foreach (PaddedBatch batch in batches.Select(b => collate.Collate(examples, b)))
            {
                using var scope = NewDisposeScope();
                profiler?.Begin();
                var tensors = BatchTensors.From(batch, device, model.Config.DecoderStartTokenId, model.Config.PadTokenId);
                var encoded = model.Encode(tensors.InputIds, tensors.AttentionMask);       // once, for the loss and for generation
                var output = model.Forward(tensors.InputIds, tensors.AttentionMask, tensors.Labels, tensors.DecoderInputIds,
                    lossPositions: tensors.LossPositions, encoderOutput: encoded);
                lossSum.add_(output.Loss!.to(float64) * batch.Size);
                profiler?.Mark("loss");
                if (generation is not null)
                {
                    var generated = Seq2SeqGenerator.Generate(model, tensors.InputIds, tensors.AttentionMask, generation, encoded);
                    profiler?.Mark("generate");
                    var rows = GeneratedRows(generated, generation.WithModelDefaults(model.Config), model.Config.PadTokenId);          // host sync per batch
                    for (int i = 0; i < batch.Size; i++)
                        predictions![batch.Indices[i]] = rows[i];
                    profiler?.Mark("to host", wait: false);
                }
                profiler?.EndStep();
            }
            if (profiler is not null)
                Console.Error.WriteLine(profiler.Report());
        }
        finally
        {
            if (wasTraining)
                model.train();
        }
        double totalLoss;
        using (NewDisposeScope())
            totalLoss = lossSum.item<double>();                                                  // host sync, once
        var metrics = new Dictionary<string, double> { [$"{prefix}_loss"] = totalLoss / examples.Count };
        if (predictions is not null && scorer is not null)
        {
            foreach (var (key, value) in scorer(predictions, examples))
                metrics[$"{prefix}_{key}"] = value;
        }
        double seconds = clock.Elapsed.TotalSeconds;
        metrics[$"{prefix}_runtime"] = Math.Round(seconds, 4);
        metrics[$"{prefix}_samples_per_second"] = Math.Round(examples.Count / seconds, 3);
        metrics[$"{prefix}_steps_per_second"] = Math.Round(batches.Count / seconds, 3);
        return new EvaluationOutput(metrics, predictions);
    }

    /// <summary>
    /// Generated rows without the decoder start token, up to and including the first eos (HF's gen_len then counts
    /// the non-pad tokens of each row; decoding skips pads).
    /// </summary>
    static int[][] GeneratedRows(Tensor generated, GenerationConfig generation, int padTokenId)
    {
        long rows = generated.shape[0], cols = generated.shape[1];
        long[] ids = generated.cpu().contiguous().data<long>().ToArray();
        var eos = generation.EosTokenIds.ToHashSet();
        var result = new int[rows][];
        for (long r = 0; r < rows; r++)
        {
            var row = new List<int>();
            for (long c = 1; c < cols; c++)
            {
                int id = (int)ids[r * cols + c];
                row.Add(id);                    // pads are kept (HF counts non-pad tokens; decoding skips them)
                if (eos.Contains(id))
                    break;
            }
            result[r] = row.ToArray();
        }
        return result;
    }
}
