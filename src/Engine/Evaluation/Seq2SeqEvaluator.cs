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
/// <param name="concurrentBatches">batches run at once; null: <see cref="ConcurrentBatches"/> on CUDA, 1 on the CPU
/// (where libtorch's own threads already use the cores).</param>
public sealed class Seq2SeqEvaluator(T5ForConditionalGeneration model, int batchSize, Seq2SeqCollator? collator = null, int? concurrentBatches = null)
{
    /// <summary>Scores generated ids against the examples: the task metrics (e.g. rouge1, gen_len), unprefixed.</summary>
    public delegate IReadOnlyDictionary<string, double> Scorer(IReadOnlyList<int[]> predictions, IReadOnlyList<Seq2SeqExample> examples);

    /// <summary>Batches evaluated at once on CUDA (host threads issuing kernels to the one stream).</summary>
    public const int ConcurrentBatches = 3;

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
        var predictions = generation is null ? null : new int[examples.Count][];
        var profiler = StepProfiler.FromEnvironment(device, $"{prefix} batch", warmupSteps: 1);
        using var fineMarks = profiler?.Activate();
        var batchLosses = new double[batches.Count];
        // Generation is bound by the host issuing small kernels, not by the GPU: on CUDA, batches run on several host
        // threads at once (one stream, so the GPU interleaves their kernels). Each batch's numbers do not depend on the
        // others; losses are summed in batch order below, so the result is the same as one batch after another.
        int threads = profiler is not null ? 1 : concurrentBatches ?? (device.type == TorchSharp.DeviceType.CUDA ? ConcurrentBatches : 1);
        try
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
            Parallel.For(0, batches.Count, options, index =>
            {
                using var _ = no_grad();                                                   // grad mode is per thread
                using var scope = NewDisposeScope();
                var batch = collate.Collate(examples, batches[index]);
                profiler?.Begin();
                var tensors = BatchTensors.From(batch, device, model.Config.DecoderStartTokenId, model.Config.PadTokenId);
                var encoded = model.Encode(tensors.InputIds, tensors.AttentionMask);       // once, for the loss and for generation
                var output = model.Forward(tensors.InputIds, tensors.AttentionMask, tensors.Labels, tensors.DecoderInputIds,
                    lossPositions: tensors.LossPositions, encoderOutput: encoded);
                var loss = output.Loss!.to(float64);
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
                batchLosses[index] = loss.item<double>() * batch.Size;                     // host sync per batch (after generation)
                profiler?.EndStep();
            });
            if (profiler is not null)
                Console.Error.WriteLine(profiler.Report());
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            throw;
        }
        finally
        {
            if (wasTraining)
                model.train();
        }
        double totalLoss = 0;
        foreach (double batchLoss in batchLosses)                                               // batch order: the same sum however batches ran
            totalLoss += batchLoss;
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
