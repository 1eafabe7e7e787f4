using System.Diagnostics;
using HfTrain.Abstractions;
using HfTrain.Data.Batching;
using HfTrain.Engine.Batches;
using HfTrain.Engine.Diagnostics;
using HfTrain.Engine.Generation;
using HfTrain.Engine.Models;
using static TorchSharp.torch;

namespace HfTrain.Engine.Evaluation;

/// <summary>Loss, generations and metrics of one evaluation or prediction pass (keys with the split prefix).</summary>
public sealed record EvaluationOutput(IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<int[]>? Predictions);

/// <summary>Scores generated ids against the examples: the task metrics (e.g. rouge1, gen_len), unprefixed.</summary>
public interface IPredictionScorer
{
    /// <summary>Work that needs only the examples (decoding the labels, preparing the references), called on another
    /// thread when a generating pass starts; <see cref="Score"/> follows with the same list once it has returned.</summary>
    void Prepare(IReadOnlyList<Seq2SeqExample> examples);

    IReadOnlyDictionary<string, double> Score(IReadOnlyList<int[]> predictions, IReadOnlyList<Seq2SeqExample> examples);
}

/// <summary>
/// Seq2SeqTrainer.evaluate / predict: the loss over the set as HF's evaluation loop averages it (each sequential batch's
/// mean token loss weighted by its size), and with predict_with_generate the generated ids, scored by the task's metric
/// on decoded text; generated rows come back in dataset order.
/// </summary>
/// <remarks>
/// Batches run longest input first (<see cref="BatchOrder.LongestFirst"/>), so each pads little: on the Debian
/// summarization set the padded source tokens of 128-row batches fall about 3×, and the first batch shows the memory
/// peak. The loss does not depend on that order: each example's token losses are summed on the host and regrouped
/// into the batches HF would have formed (dataset order, <c>batchSize</c> rows). Labels padded with the pad id instead
/// of -100 (<c>--ignore_pad_token_for_loss false</c>) make each row's loss depend on its batch's padding, so then
/// batches stay in dataset order.
/// </remarks>
/// <param name="concurrentBatches">batches run at once; null: <see cref="ConcurrentBatches"/> on CUDA, 1 on the CPU
/// (where libtorch's own threads already use the cores).</param>
/// <param name="labelSmoothing">label_smoothing_factor: HF's evaluation loss goes through the same label smoother.</param>
/// <param name="world">the ranks of a run of several processes, which share the batches (<see cref="EvaluationShards"/>); null: one process.</param>
public sealed class Seq2SeqEvaluator(ISeq2SeqModel model, int batchSize, Seq2SeqCollator? collator = null,
    int? concurrentBatches = null, double labelSmoothing = 0.0, HfTrain.Engine.Runs.TensorCollectives? world = null)
{
    /// <summary>Batches evaluated at once on CUDA (host threads issuing kernels to the one stream).</summary>
    public const int ConcurrentBatches = 3;

    /// <summary>Environment variable: batches run at once (measurements; default <see cref="ConcurrentBatches"/> on CUDA).</summary>
    public const string ThreadsVariable = "HF_TRAIN_EVAL_THREADS";

    public EvaluationOutput Run(IReadOnlyList<Seq2SeqExample> examples, string prefix, GenerationConfig? generation, IPredictionScorer? scorer)
    {
        if (examples.Count == 0)
            throw new TaskInputException($"The {prefix} set is empty: nothing to evaluate.");
        var clock = Stopwatch.StartNew();
        var device = model.Module.parameters().First().device;
        var collate = collator ?? new Seq2SeqCollator(model.Tokens.PadTokenId, ignorePadTokenForLoss: true);
        var order = collate.LabelPadId == Seq2SeqCollator.IgnoreIndex ? BatchOrder.LongestFirst : BatchOrder.Sequential;
        var batches = new Batcher(examples.Select(e => e.InputIds.Length).ToList(), batchSize, order).Epoch(0);
        bool wasTraining = model.Module.training;
        model.Module.eval();
        var predictions = generation is null ? null : new int[examples.Count][];
        var profiler = StepProfiler.FromEnvironment(device, $"{prefix} batch", warmupSteps: 1);
        var timeline = Environment.GetEnvironmentVariable(StepProfiler.Variable) == "batches" ? new (int Thread, double Start, double End)[batches.Count] : null;
        using var fineMarks = profiler?.Activate();
        var exampleLoss = new double[examples.Count];                                        // sum of the example's token losses
        var exampleTokens = new int[examples.Count];                                         // its label tokens in the loss
        // Generation is bound by the host issuing small kernels, not by the GPU: on CUDA, batches run on several host
        // threads at once (one stream, so the GPU interleaves their kernels). Each batch's numbers do not depend on the
        // others, so the result is the same as one batch after another.
        int threads = profiler is not null ? 1 : concurrentBatches
            ?? (int.TryParse(Environment.GetEnvironmentVariable(ThreadsVariable), out int n) && n > 0 ? n : (int?)null)
            ?? (device.type == TorchSharp.DeviceType.CUDA ? ConcurrentBatches : 1);
        // the references' share of the scoring runs on another thread while the batches generate
        var preparing = generation is not null && scorer is not null ? Task.Run(() => scorer.Prepare(examples)) : null;
        try
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
            var mine = EvaluationShards.Mine(batches.Count, world);
            Parallel.For(0, mine.Count, options, slot =>
            {
                int index = mine[slot];
                using var _ = no_grad();                                                   // grad mode is per thread
                using var scope = NewDisposeScope();
                double start = clock.Elapsed.TotalMilliseconds;
                var batch = collate.Collate(examples, batches[index]);
                profiler?.Begin();
                var tensors = BatchTensors.From(batch, device, model.Tokens.DecoderStartTokenId, model.Tokens.PadTokenId);
                var encoded = model.Encode(tensors.InputIds, tensors.AttentionMask);       // once, for the loss and for generation
                var output = model.Forward(tensors.InputIds, tensors.AttentionMask, tensors.Labels, tensors.DecoderInputIds,
                    labelSmoothing, tensors.LossPositions, encoded, tokenLosses: true);
                var tokenLosses = output.Loss!;                                            // [N] float32, row-major
                profiler?.Mark("loss");
                if (generation is not null)
                {
                    var generated = Seq2SeqGenerator.Generate(model, tensors.InputIds, tensors.AttentionMask, generation, encoded);
                    profiler?.Mark("generate");
                    var rows = GeneratedRows(generated, generation.WithModelDefaults(model.Tokens), model.Tokens.PadTokenId);          // host sync per batch
                    for (int i = 0; i < batch.Size; i++)
                        predictions![batch.Indices[i]] = rows[i];
                    profiler?.Mark("to host", wait: false);
                }
                SumPerExample(batch.Indices, tensors.LossTokensPerRow, tokenLosses.cpu().data<float>().ToArray(), exampleLoss, exampleTokens);   // host sync per batch (after generation)
                profiler?.EndStep();
                timeline?[index] = (Environment.CurrentManagedThreadId, start, clock.Elapsed.TotalMilliseconds);
            });
            if (profiler is not null)
                Console.Error.WriteLine(profiler.Report());
            if (timeline is not null)                                                      // HF_TRAIN_PROFILE=batches: no waits added
                Console.Error.WriteLine($"{prefix} batches (thread: start-end ms into the pass): " + string.Join(", ",
                    timeline.Select((t, i) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"#{i} t{t.Thread}: {t.Start:0}-{t.End:0}"))));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            throw;
        }
        finally
        {
            if (wasTraining)
                model.Module.train();
            try
            {
                preparing?.Wait();                                                     // never left running; its error is rethrown below
            }
            catch (AggregateException)
            {
            }
        }
        if (world is not null)
            EvaluationShards.Gather(world, EvaluationShards.Mine(batches.Count, world).SelectMany(b => batches[b]), exampleLoss, exampleTokens, predictions);
        var metrics = new Dictionary<string, double> { [$"{prefix}_loss"] = SequentialBatchLoss(exampleLoss, exampleTokens, batchSize) };
        if (predictions is not null && scorer is not null)
        {
            double before = clock.Elapsed.TotalMilliseconds;
            preparing?.GetAwaiter().GetResult();
            foreach (var (key, value) in scorer.Score(predictions, examples))
                metrics[$"{prefix}_{key}"] = value;
            if (profiler is not null || timeline is not null)
                Console.Error.WriteLine($"  scoring (decoding and metrics) took {clock.Elapsed.TotalMilliseconds - before:0.0} ms; the batches ended {before:0.0} ms into the pass");
        }
        double seconds = clock.Elapsed.TotalSeconds;
        metrics[$"{prefix}_runtime"] = Math.Round(seconds, 4);
        metrics[$"{prefix}_samples_per_second"] = Math.Round(examples.Count / seconds, 3);
        metrics[$"{prefix}_steps_per_second"] = Math.Round(batches.Count / seconds, 3);
        return new EvaluationOutput(metrics, predictions);
    }

    /// <summary>Each row's token losses (the batch's label tokens, row after row) summed into its example's slot.</summary>
    static void SumPerExample(int[] indices, int[] tokensPerRow, float[] tokenLosses, double[] exampleLoss, int[] exampleTokens)
    {
        int next = 0;
        for (int row = 0; row < indices.Length; row++)
        {
            double sum = 0;
            for (int j = 0; j < tokensPerRow[row]; j++)
                sum += tokenLosses[next++];
            exampleLoss[indices[row]] = sum;
            exampleTokens[indices[row]] = tokensPerRow[row];
        }
    }

    /// <summary>
    /// HF's evaluation loss: batches of <paramref name="batchSize"/> in dataset order, each the mean of its label tokens'
    /// losses (NaN for a batch without label tokens, as torch's mean of nothing), weighted by its rows.
    /// </summary>
    internal static double SequentialBatchLoss(double[] exampleLoss, int[] exampleTokens, int batchSize)
    {
        double total = 0;
        for (int start = 0; start < exampleLoss.Length; start += batchSize)
        {
            int end = Math.Min(exampleLoss.Length, start + batchSize);
            double sum = 0;
            long tokens = 0;
            for (int i = start; i < end; i++)
            {
                sum += exampleLoss[i];
                tokens += exampleTokens[i];
            }
            total += sum / tokens * (end - start);
        }
        return total / exampleLoss.Length;
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
