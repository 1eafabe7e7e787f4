using System.Diagnostics;
using HfTrain.Abstractions;
using HfTrain.Data.Batching;
using HfTrain.Engine.Batches;
using HfTrain.Engine.Checkpoints;
using HfTrain.Engine.Diagnostics;
using HfTrain.Engine.Models;
using HfTrain.Engine.Runs;
using static TorchSharp.torch;

namespace HfTrain.Engine.Training;

/// <summary>
/// The training loop of Seq2SeqTrainer: gradient accumulation, clipping, AdamW, the LR schedule, logging,
/// evaluation, checkpoints, resume and early stopping — with the whole optimizer on flat buffers and no
/// host–device sync except every logging_steps (and when evaluating or saving).
/// </summary>
/// <param name="run">this process's place in the run: only the main process logs and writes checkpoints.</param>
public sealed class Seq2SeqTrainer(ISeq2SeqModel model, TrainingArguments args, TrainerHooks hooks, RunContext run)
{
    /// <param name="train">the train set.</param>
    /// <param name="batcher">its batches for this process (<see cref="TrainBatches.For"/>).</param>
    /// <param name="resumeFrom">a checkpoint folder to resume from, or null.</param>
    public TrainResult Train(IReadOnlyList<Seq2SeqExample> train, Batcher batcher, string? resumeFrom)
    {
        var clock = Stopwatch.StartNew();
        var device = model.Module.parameters().First().device;
        var collator = args.Collator(model.Tokens.PadTokenId);
        var plan = StepPlan.Create(args, batcher.BatchesPerEpoch);
        var store = new CheckpointStore(args.OutputDir);
        if (run.IsMainProcess)
            store.RemoveIncomplete();
        using var flat = new FlatParameters(model.Module);
        if (resumeFrom is not null)
            LoadWeights(flat, resumeFrom);                                     // float32 master weights, exactly
        var parallel = DataParallel.For(run);                                  // null in a run of one process
        parallel?.BroadcastParameters(flat);
        var scaler = new LossScaler(args.Precision == Precision.Fp16);
        using var optimizer = new FlatAdamW(flat, args.AdamBeta1, args.AdamBeta2, args.AdamEpsilon, args.WeightDecay);
        var schedule = new LearningRateSchedule(args.LrSchedulerType, args.LearningRate, plan.WarmupSteps, plan.TotalSteps);
        var state = NewState(plan);
        var position = new DataPosition(0, 0);
        if (resumeFrom is not null)
        {
            (state, position) = TrainingCheckpoint.Restore(resumeFrom, optimizer, scaler, run.Rank);
            Log($"Resuming from {resumeFrom}: global step {state.GlobalStep}, epoch {state.Epoch:0.####}, " +
                      $"data position: epoch {position.Epoch}, batch {position.MicroBatch} of {batcher.BatchesPerEpoch}.");
        }
        var tracker = new TrainingLossTracker(device, args.LoggingNanInfFilter, parallel?.World);
        var best = new BestCheckpoint(args, state);
        int startStep = state.GlobalStep;
        long samples = 0;
        string? lastCheckpoint = resumeFrom;
        var outcome = TrainOutcome.Completed;
        var profiler = StepProfiler.FromEnvironment(device);
        using var fineMarks = profiler?.Activate();
        model.Module.train();
        Log($"***** Running training *****\n  Num examples = {train.Count}\n  Num epochs = {plan.Epochs}\n" +
                  $"  Batch size per device = {args.TrainBatchSize}\n" +
                  (run.WorldSize > 1 ? $"  Total train batch size (w. parallel, distributed & accumulation) = {args.TrainBatchSize * run.WorldSize * args.GradientAccumulationSteps}\n" : "") +
                  $"  Gradient accumulation steps = {args.GradientAccumulationSteps}\n" +
                  $"  Total optimization steps = {plan.TotalSteps}\n  Number of trainable parameters = {flat.Values.numel():N0}");

        for (int epoch = position.Epoch; epoch < plan.Epochs && state.GlobalStep < plan.TotalSteps && outcome == TrainOutcome.Completed; epoch++)
        {
            var batches = batcher.Epoch(epoch);
            int micro = epoch == position.Epoch ? position.MicroBatch : 0;
            using var stream = new BatchStream(train, batches.Skip(micro).ToList(), collator);
            foreach (PaddedBatch batch in stream.Batches())
            {
                profiler?.Begin();
                int cycleStart = micro - micro % args.GradientAccumulationSteps;
                int cycleSize = Math.Min(args.GradientAccumulationSteps, batches.Count - cycleStart);
                using (var scope = NewDisposeScope())
                {
                    var tensors = BatchTensors.From(batch, device, model.Tokens.DecoderStartTokenId, model.Tokens.PadTokenId);
                    profiler?.Mark("to device");
                    var output = model.Forward(tensors.InputIds, tensors.AttentionMask, tensors.Labels, tensors.DecoderInputIds,
                        args.LabelSmoothingFactor, tensors.LossPositions);
                    var loss = output.Loss! / cycleSize;                                       // []
                    if (parallel is not null)
                        loss = parallel.ShareOfTokens(loss, tensors.LossTokensPerRow.Sum());
                    tracker.AddMicroBatch(loss);
                    profiler?.Mark("forward");
                    (scaler.Enabled ? loss * scaler.Scale : loss).backward();
                    profiler?.Mark("backward");
                }
                samples += batch.Size * run.WorldSize;
                micro++;
                if (micro - cycleStart < cycleSize)
                    continue;

                // one optimizer step
                using (var scope = NewDisposeScope())
                {
                    parallel?.AllReduceGradients(flat);
                    var grads = flat.Float32Grads(scaler.Scale);                               // [N] float32
                    if (scaler.Check(grads))
                    {
                        tracker.SetGradNorm(FlatParameters.ClipGradNorm(grads, args.MaxGradNorm));
                        optimizer.Update(grads, schedule.At(state.GlobalStep));
                    }
                    else
                    {
                        Log($"fp16 gradients overflowed at step {state.GlobalStep + 1}: update skipped, loss scale lowered to {scaler.Scale}.");
                    }
                    flat.ZeroGrad();
                }
                profiler?.Mark("optimizer");
                state.GlobalStep++;
                state.Epoch = epoch + (double)micro / batches.Count;
                tracker.EndStep(state.GlobalStep);
                var stepPosition = micro == batches.Count ? new DataPosition(epoch + 1, 0) : new DataPosition(epoch, micro);
                bool epochEnd = micro == batches.Count;

                if (state.GlobalStep % plan.LoggingSteps == 0 || (args.LoggingFirstStep && state.GlobalStep == 1))
                    LogTraining(state, tracker, schedule, plan, clock, startStep, lastCheckpoint);
                if (run.IsMainProcess)
                    hooks.OnStep?.Invoke(new StepProgress(state.GlobalStep, plan.TotalSteps, state.Epoch, schedule.At(state.GlobalStep - 1),
                        state.LogHistory.LastOrDefault(e => e.ContainsKey("loss"))?["loss"]?.GetValue<double>(), samples, clock.Elapsed));
                bool evaluate = hooks.Evaluate is not null &&
                                ((args.EvalStrategy == IntervalStrategy.Steps && state.GlobalStep % plan.EvalSteps == 0) || (args.EvalStrategy == IntervalStrategy.Epoch && epochEnd));
                bool improved = false;
                if (evaluate)
                    improved = RunEvaluation(state, best);
                bool save = (args.SaveStrategy == SaveStrategy.Steps && state.GlobalStep % plan.SaveSteps == 0)
                            || (args.SaveStrategy == SaveStrategy.Epoch && epochEnd) || (args.SaveStrategy == SaveStrategy.Best && improved);
                bool stop = hooks.Stop.IsCancellationRequested;
                if (parallel is not null)
                    stop = parallel.AnyStops(stop);
                if (save || stop)
                {
                    tracker.ThrowIfNonFinite(lastCheckpoint);
                    string finalPath = Path.Combine(args.OutputDir, CheckpointStore.Prefix + state.GlobalStep);
                    best.OnSave(state, evaluate, finalPath);
                    lastCheckpoint = finalPath;                                         // the main process's checkpoint
                    var rngStates = parallel?.RngStates();                              // every rank's, for rank 0 to write
                    if (run.IsMainProcess)
                    {
                        lastCheckpoint = store.Save(state.GlobalStep, dir =>
                        {
                            TrainingCheckpoint.Write(dir, model, flat, hooks.Generation, optimizer, scaler, state, stepPosition, args, hooks.WriteTokenizer, rngStates);
                        });
                        foreach (string deleted in store.Rotate(args.SaveTotalLimit, state.BestModelCheckpoint))
                            Log($"Deleting older checkpoint [{deleted}] due to args.save_total_limit");
                        hooks.OnSave?.Invoke(lastCheckpoint);
                    }
                    parallel?.Barrier();                                                // the checkpoint is complete before any rank reads it
                }
                if (stop)
                {
                    Log($"Interrupted: checkpoint saved to {lastCheckpoint}. Run the same command again to resume from it.");
                    outcome = TrainOutcome.Interrupted;
                    break;
                }
                if (evaluate && best.ShouldStopEarly)
                {
                    Log($"Early stopping: {args.BestMetricKey} did not improve for {args.EarlyStoppingPatience} evaluations.");
                    outcome = TrainOutcome.EarlyStopped;
                    break;
                }
                profiler?.Mark("host", wait: false);
                profiler?.EndStep();
                if (state.GlobalStep >= plan.TotalSteps)
                    break;
            }
        }
        if (profiler is not null)
            Log(profiler.Report());
        tracker.ThrowIfNonFinite(lastCheckpoint);
        if (args.LoadBestModelAtEnd && state.BestModelCheckpoint is { } bestDir && outcome != TrainOutcome.Interrupted && Directory.Exists(bestDir))
        {
            Log($"Loading best model from {bestDir} (score: {state.BestMetric}).");
            LoadWeights(flat, bestDir);
        }
        var metrics = TrainMetrics(state, tracker, clock.Elapsed.TotalSeconds, samples, state.GlobalStep - startStep, flat.Values.numel(), train);
        state.LogHistory.Add(LogEntries.From(metrics, state));
        OnLogEntry(state.LogHistory[^1]);
        model.Module.eval();
        return new TrainResult(outcome, metrics, state, lastCheckpoint, flat.HasSeparateMaster ? CopyOf(flat.MasterWeights()) : null);
    }

    /// <summary>Log lines and log entries leave the main process only.</summary>
    void Log(string line)
    {
        if (run.IsMainProcess)
            hooks.Log(line);
    }

    void OnLogEntry(System.Text.Json.Nodes.JsonObject entry)
    {
        if (run.IsMainProcess)
            hooks.OnLogEntry?.Invoke(entry);
    }

    static Dictionary<string, Tensor> CopyOf(Dictionary<string, Tensor> views) =>
        views.ToDictionary(kv => kv.Key, kv => kv.Value.clone(), StringComparer.Ordinal);

    static void LoadWeights(FlatParameters flat, string dir)
    {
        var weights = CheckpointFiles.LoadStateDict(dir);
        try
        {
            flat.Load(weights, dir);
        }
        finally
        {
            foreach (var t in weights.Values)
                t.Dispose();
        }
    }

    TrainerState NewState(StepPlan plan) => new()
    {
        EvalSteps = plan.EvalSteps,
        LoggingSteps = plan.LoggingSteps,
        MaxSteps = plan.TotalSteps,
        NumTrainEpochs = plan.Epochs,
        SaveSteps = plan.SaveSteps,
        TrainBatchSize = args.TrainBatchSize,
    };

    void LogTraining(TrainerState state, TrainingLossTracker tracker, LearningRateSchedule schedule, StepPlan plan, Stopwatch clock, int startStep, string? lastCheckpoint)
    {
        var (loss, gradNorm) = tracker.ReadAndReset(lastCheckpoint);                     // host sync, every logging_steps
        var entry = LogEntries.Training(loss, gradNorm, schedule.At(state.GlobalStep - 1), state);
        state.LogHistory.Add(entry);
        OnLogEntry(entry);
        double done = state.GlobalStep - startStep;
        double perStep = clock.Elapsed.TotalSeconds / Math.Max(1, done);
        var eta = TimeSpan.FromSeconds(perStep * (plan.TotalSteps - state.GlobalStep));
        Log($"{LogEntries.Format(entry)}  [step {state.GlobalStep}/{plan.TotalSteps}, {1 / perStep:0.##} steps/s, ETA {eta:hh\\:mm\\:ss}]");
    }

    bool RunEvaluation(TrainerState state, BestCheckpoint best)
    {
        var metrics = hooks.Evaluate!();
        model.Module.train();
        state.LogHistory.Add(LogEntries.From(metrics, state));
        OnLogEntry(state.LogHistory[^1]);
        Log(LogEntries.Format(LogEntries.From(metrics, state)));
        return best.OnEvaluate(metrics);
    }

    Dictionary<string, double> TrainMetrics(TrainerState state, TrainingLossTracker tracker, double seconds, long samples, int steps, long parameters, IReadOnlyList<Seq2SeqExample> train)
    {
        long tokens = train.Sum(e => (long)e.InputIds.Length) * (long)Math.Max(1, Math.Round(state.Epoch));
        state.TotalFlos = 6.0 * parameters * tokens;                                        // HF's floating_point_ops estimate
        return new Dictionary<string, double>
        {
            ["train_runtime"] = Math.Round(seconds, 4),
            ["train_samples_per_second"] = Math.Round(samples / seconds, 3),
            ["train_steps_per_second"] = Math.Round(steps / seconds, 3),
            ["total_flos"] = state.TotalFlos,
            ["train_loss"] = tracker.MeanOfRun(steps),
            ["epoch"] = state.Epoch,
        };
    }
}
