using HfTrain.Abstractions;
using HfTrain.Data.Reporting;
using HfTrain.Engine.Evaluation;
using HfTrain.Engine.Models;
using HfTrain.Engine.Native;
using HfTrain.Engine.Runs;
using TorchSharp;
using HfTrain.Engine.Training;
using HfTrain.Host.Options;
using HfTrain.Tokenization;

namespace HfTrain.Host.Jobs;

/// <summary>
/// main() of run_summarization.py / run_translation.py for any seq2seq task plugin: output-dir and resume checks,
/// model and tokenizer, the splits asked for, train → evaluate → predict, and the files HF writes.
/// </summary>
internal sealed class Seq2SeqJob(ITaskPlugin plugin, ParsedOptions parsed, TextWriter output, TextWriter error, RunContext? world = null)
{
    readonly string _task = plugin.Descriptor.Name;

    /// <summary>This process's rank (<see cref="RunWorld"/>). Only the main process prints status and results and
    /// writes the output folder (HF's should_log / should_save).</summary>
    readonly RunContext run = world ?? RunContext.Single;
    readonly RunLog log = new((world ?? RunContext.Single).IsMainProcess ? output : TextWriter.Null, error, RunLog.Parse(parsed.String("log_level")));

    /// <summary>The embedded summarization sample's rows are {id, document, summary}: the demo names its columns
    /// (run_summarization's default, the first two columns, would pick id and document); the embedded translation
    /// sample is DDTP English → German, so that demo's languages default to en and de.</summary>
    readonly ParsedOptions options = !ModelSource.IsDemo(parsed) || HasData(parsed) ? parsed
        : parsed.Has("text_column") ? parsed.WithDefault("text_column", "document").WithDefault("summary_column", "summary")
        : parsed.Has("source_lang") ? parsed.WithDefault("source_lang", "en").WithDefault("target_lang", "de")   // the embedded DDTP rows
        : parsed;

    static bool HasData(ParsedOptions o) => o.String("dataset_name") is not null || o.String("train_file") is not null
                                            || o.String("validation_file") is not null || o.String("test_file") is not null;

    public int Run()
    {
        bool train = options.Bool("do_train"), eval = options.Bool("do_eval"), predict = options.Bool("do_predict"), dryRun = options.Bool("dry_run");
        var args = TrainingArgumentsBinder.Bind(options);
        if (args.Precision == Precision.Fp16)
            log.Warning("T5's feed-forward outputs overflow fp16 (values above 65,504), which shows up as NaN losses or skipped steps; use --bf16 on GPUs that have it (Ampere and newer).");
        CheckDataOptions();
        DataOptionRules.Check(options, args.EvalStrategy, embedded: !HasData(options));
        // claimed (made, probed, locked) before anything is read or deleted; a dry run writes nothing there
        using var outputFolder = dryRun || !run.IsMainProcess ? null : OutputFolder.Claim(args.OutputDir);
        string? resume = run.FromMainProcess(dryRun || !train || !run.IsMainProcess ? null : ResumePoint(options, args, log));

        var source = ModelSource.Resolve(options);
        log.Info($"Model: {source.Description}.");
        IModelTokenizer tokenizer = source.LoadTokenizer();
        var context = new TaskContext(options, tokenizer, log.Warning);
        // the builder sees the task's options only: they, all of them, key the tokenized-data cache
        IExampleBuilder builder = plugin.CreateExampleBuilder(context with { Options = new TaskOptionView(options, plugin.Options.Select(o => o.Name), _task) });
        var sets = new List<ExampleSet>();
        ExampleSet? Load(bool wanted, DataSplit split, string option)
        {
            if (!wanted)
                return null;
            var set = run.MainProcessFirst(() => ExampleSet.Load(split, plugin, option, options, builder, tokenizer.SourceFiles, useCache: !dryRun));
            log.Info($"{split} data: {set.Examples.Count:N0} examples from {set.Source}" +
                             (set.Dropped.Count > 0 ? $" ({set.Dropped.Values.Sum()} rows dropped: {string.Join(", ", set.Dropped.Select(d => $"{d.Value} {d.Key}"))})" : ""));
            sets.Add(set);
            return set;
        }
        var trainSet = Load(train || (dryRun && !eval && !predict), DataSplit.Train, "--do_train");
        var evalSet = Load(eval || (dryRun && !train && !predict && trainSet is null), DataSplit.Validation, "--do_eval");
        var predictSet = Load(predict, DataSplit.Test, "--do_predict");

        int maxSource = options.Int("max_source_length") ?? StandardOptions.DefaultOf<int>("max_source_length");
        int maxTarget = options.Int("max_target_length") ?? StandardOptions.DefaultOf<int>("max_target_length");
        if (dryRun)
        {
            output.Write(DataReport.Render(sets.Select(s => s.Summary(maxSource, s.Split == DataSplit.Train ? maxTarget : options.Int("val_max_target_length") ?? maxTarget)).ToList(), tokenizer));
            return ExitCodes.Ok;
        }

        var device = TorchDevice.Select(options.Bool("use_cpu"), run.LocalRank);
        log.Info($"Device: {device.Description}; precision: {args.Precision.ToString().ToLowerInvariant()}.");
        if (run.Collectives is { } world)
            log.Info($"World: {run.WorldSize} processes, backend {world.Backend}: {world.Description}.");
        ApplyTf32(device);
        if (device.Device.type == TorchSharp.DeviceType.CUDA && HfTrain.Engine.Native.AttentionBackends.DisableCudnnAttention() is { } attentionNote)
            log.Info($"Attention: {attentionNote}.");
        using var model = source.CreateModel(args.Seed, device.Device);
        if (args.Precision != Precision.Fp32)
            model.Module.to(args.Precision.DType());                                // the compute copy; the optimizer keeps float32
        var generation = GenerationFor(source, model, args);
        IMetric metric = plugin.CreateMetric(context);
        var evaluator = new Seq2SeqEvaluator(model, args.EvalBatchSize,
            args.Collator(model.Tokens.PadTokenId, options.Int("val_max_target_length") ?? options.Int("max_target_length")),
            labelSmoothing: args.LabelSmoothingFactor, world: run.Tensors);
        var scorer = new PredictionScorer(tokenizer, metric);
        void WriteTokenizer(string dir) => tokenizer.Save(dir);

        using var reports = new RunReports(options, args.OutputDir, write: run.IsMainProcess);
        using var push = HubPush.Start(options, args.OutputDir, run.IsMainProcess, log);
        var logHistory = new List<System.Text.Json.Nodes.JsonObject>();
        TrainerState? trained = null;
        if (trainSet is not null)
        {
            var hooks = new TrainerHooks
            {
                WriteTokenizer = WriteTokenizer,
                Generation = source.Generation ?? GenerationConfig.FromModelConfig(model.Tokens),
                Evaluate = evalSet is null || args.EvalStrategy == IntervalStrategy.No ? null
                    : () => evaluator.Run(evalSet.Examples, "eval", args.PredictWithGenerate ? generation : null, scorer).Metrics,
                OnLogEntry = reports.Log,
                OnSave = push is null ? null : push.OnSave,
            };
            trained = new TrainingStage(options, args, run, log, output, error).Train(model, trainSet.Examples, resume, hooks, hooks.Generation,
                source.Description + (source.ConfigPath is { } config ? $", config {config}" : ""));
            if (trained is null)
                return 130;
            logHistory.AddRange(trained.LogHistory);
        }
        if (evalSet is not null)
        {
            var evaluated = evaluator.Run(evalSet.Examples, "eval", args.PredictWithGenerate ? generation : null, scorer).Metrics;
            var metrics = new Dictionary<string, double>(evaluated) { ["eval_samples"] = evalSet.Examples.Count };
            log.Always(ResultFiles.Format("eval", metrics));
            if (run.IsMainProcess)
                ResultFiles.SaveMetrics(args.OutputDir, "eval", metrics);
            // trainer.evaluate() logs with the epoch and step it ran at, without eval_samples (the script adds that after)
            var entry = LogEntries.From(evaluated, trained ?? new TrainerState());
            if (trained is null)
                entry.Remove("epoch");                            // HF: no epoch before any training, step 0
            logHistory.Add(entry);
            reports.Log(entry);
        }
        if (predictSet is not null)
        {
            var result = evaluator.Run(predictSet.Examples, "predict", args.PredictWithGenerate ? generation : null, scorer);
            var metrics = new Dictionary<string, double>(result.Metrics) { ["predict_samples"] = predictSet.Examples.Count };
            log.Always(ResultFiles.Format("predict", metrics));
            if (run.IsMainProcess)
                ResultFiles.SaveMetrics(args.OutputDir, "predict", metrics);
            if (result.Predictions is not null && run.IsMainProcess)
            {
                var texts = result.Predictions.Select(p => tokenizer.Decode(p, skipSpecialTokens: true)).ToList();
                log.Info($"Predictions written to {ResultFiles.SavePredictions(args.OutputDir, texts)}");
                if (ModelSource.IsDemo(options) && !HasData(options))
                    output.Write(DemoExamples.Render(predictSet.Examples, texts, ids => tokenizer.Decode(ids, skipSpecialTokens: true)));
            }
        }
        if (trainSet is not null && run.IsMainProcess)
        {
            RunReports.WriteCardAndPlot(args.OutputDir, _task, options, args, logHistory);
            log.Info($"Model card and training plot: {Path.Combine(args.OutputDir, "README.md")}, {Path.Combine(args.OutputDir, "training_plot.svg")}");
        }
        if (reports.TensorBoardFile is { } events)
            log.Info($"TensorBoard events: {events}");
        push?.Finish(args.OutputDir);
        return ExitCodes.Ok;
    }

    /// <summary>--tf32: allow TF32 matmuls and convolutions on Ampere and newer GPUs (HF leaves the default when unset).</summary>
    void ApplyTf32(TorchDevice device)
    {
        if (options["tf32"] is not bool tf32)
            return;
        if (device.Device.type != TorchSharp.DeviceType.CUDA)
        {
            if (tf32)
                throw new UsageException("--tf32 requires a CUDA device (Ampere or newer); this run is on the CPU.");
            return;
        }
        TorchSharp.torch.backends.cuda.matmul.allow_tf32 = tf32;
        TorchSharp.torch.backends.cudnn.allow_tf32 = tf32;
    }

    /// <summary>run_summarization's checks: some data for what was asked (the embedded sample stands in only in demo mode).</summary>
    void CheckDataOptions()
    {
        bool anyData = HasData(options);
        if (!anyData && !ModelSource.IsDemo(options))
            throw new UsageException("Need either a dataset name or a training, validation, or test file.");
        if (!anyData)
            log.Info($"No --model_name_or_path and no data given: the demo — the embedded sample of Debian package descriptions ({_task}) and the embedded starter T5 ({ModelSource.StarterName}), fine-tuned here.");
    }

    /// <summary>
    /// HF's get_last_checkpoint logic: an output_dir with checkpoints resumes from the newest (unless
    /// --overwrite_output_dir); one with other files is an error; --resume_from_checkpoint names one explicitly.
    /// </summary>
    internal static string? ResumePoint(ParsedOptions options, TrainingArguments args, RunLog log)
    {
        if (options.String("resume_from_checkpoint") is { } explicitCheckpoint)
        {
            if (!Directory.Exists(explicitCheckpoint))
                throw new TaskInputException($"--resume_from_checkpoint {explicitCheckpoint}: no such folder.");
            if (!File.Exists(Path.Combine(explicitCheckpoint, TrainingCheckpoint.StateFile)))
                throw new TaskInputException(
                    $"--resume_from_checkpoint {explicitCheckpoint} is not a checkpoint: it has no {TrainingCheckpoint.StateFile}. " +
                    $"Give a {CheckpointStore.Prefix}N folder written by a training run (in its --output_dir), or leave the option out.");
            log.Info($"Resuming training from {explicitCheckpoint} (--resume_from_checkpoint).");
            return explicitCheckpoint;
        }
        if (!Directory.Exists(args.OutputDir) || args.OverwriteOutputDir)
            return null;
        var store = new CheckpointStore(args.OutputDir);
        store.RemoveIncomplete();
        if (store.Latest() is { } last)
        {
            log.Info($"Checkpoint detected, resuming training at {last}. To avoid this behavior, change the `--output_dir` or add `--overwrite_output_dir` to train from scratch.");
            return last;
        }
        if (Directory.EnumerateFileSystemEntries(args.OutputDir).Any(entry => !OutputFolder.IsOwnFile(Path.GetFileName(entry))))
            throw new TaskInputException($"Output directory ({args.OutputDir}) already exists and is not empty. Use --overwrite_output_dir to overcome.");
        return null;
    }

    /// <summary>
    /// Seq2SeqTrainer's generation settings for evaluate/predict: max_length = generation_max_length, else
    /// val_max_target_length (run_summarization); num_beams = --num_beams, else generation_num_beams, else the model's.
    /// </summary>
    GenerationConfig GenerationFor(ModelSource source, ISeq2SeqModel model, TrainingArguments args)
    {
        var config = (source.Generation ?? GenerationConfig.FromModelConfig(model.Tokens)).WithModelDefaults(model.Tokens);
        int maxLength = args.GenerationMaxLength ?? options.Int("val_max_target_length") ?? options.Int("max_target_length") ?? StandardOptions.DefaultOf<int>("max_target_length");
        int? beams = options.Int("num_beams") ?? args.GenerationNumBeams;
        return config with { MaxLength = maxLength, MaxNewTokens = null, NumBeams = beams ?? config.NumBeams };
    }
}
