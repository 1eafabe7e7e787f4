using System.Globalization;
using HfTrain.Abstractions;
using HfTrain.Engine.Training;
using HfTrain.Host.Options;

namespace HfTrain.Host.Jobs;

/// <summary>Seq2SeqTrainingArguments from the parsed options, with HF's validations and messages.</summary>
internal static class TrainingArgumentsBinder
{
    public static TrainingArguments Bind(ParsedOptions o)
    {
        string sampling = o.Bool("group_by_length") ? "group_by_length" : o.String("train_sampling_strategy") ?? "random";
        var args = new TrainingArguments
        {
            OutputDir = o.String("output_dir") ?? "trainer_output",
            OverwriteOutputDir = o.Bool("overwrite_output_dir"),
            TrainBatchSize = Positive(o, "per_device_train_batch_size"),
            EvalBatchSize = Positive(o, "per_device_eval_batch_size"),
            GradientAccumulationSteps = Positive(o, "gradient_accumulation_steps"),
            LearningRate = o.Float("learning_rate") ?? 5e-5,
            WeightDecay = o.Float("weight_decay") ?? 0,
            AdamBeta1 = o.Float("adam_beta1") ?? 0.9,
            AdamBeta2 = o.Float("adam_beta2") ?? 0.999,
            AdamEpsilon = o.Float("adam_epsilon") ?? 1e-8,
            MaxGradNorm = o.Float("max_grad_norm") ?? 1.0,
            NumTrainEpochs = o.Float("num_train_epochs") ?? 3,
            MaxSteps = o.Int("max_steps") ?? -1,
            LrSchedulerType = o.String("lr_scheduler_type") ?? "linear",
            WarmupSteps = o.Float("warmup_steps") ?? 0,
            WarmupRatio = o.Float("warmup_ratio"),
            LoggingSteps = o.Float("logging_steps") ?? 500,
            LoggingFirstStep = o.Bool("logging_first_step"),
            LoggingNanInfFilter = o.Bool("logging_nan_inf_filter"),
            EvalStrategy = OneOf<IntervalStrategy>(o, "eval_strategy"),
            EvalSteps = o.Float("eval_steps") is { } evalSteps && evalSteps != 0 ? evalSteps : null,   // HF: 0 means "use logging_steps"
            SaveStrategy = OneOf<SaveStrategy>(o, "save_strategy"),
            SaveSteps = o.Float("save_steps") ?? 500,
            SaveTotalLimit = o.Int("save_total_limit"),
            Seed = o.Int("seed") ?? 42,
            LabelSmoothingFactor = o.Float("label_smoothing_factor") ?? 0,
            LoadBestModelAtEnd = o.Bool("load_best_model_at_end"),
            MetricForBestModel = o.String("metric_for_best_model"),
            GreaterIsBetter = o["greater_is_better"] as bool?,
            EarlyStoppingPatience = o.Int("early_stopping_patience"),
            EarlyStoppingThreshold = o.Float("early_stopping_threshold") ?? 0,
            TrainSamplingStrategy = StrategyNames.Parse<SamplingStrategy>(sampling)
                ?? throw new UsageException($"--train_sampling_strategy '{sampling}' is not one of: {string.Join(", ", StrategyNames.All<SamplingStrategy>())}."),
            PredictWithGenerate = o.Bool("predict_with_generate"),
            GenerationMaxLength = o.Int("generation_max_length"),
            GenerationNumBeams = o.Int("generation_num_beams"),
            DataloaderNumWorkers = o.Int("dataloader_num_workers") ?? 0,
            IgnorePadTokenForLoss = !o.Has("ignore_pad_token_for_loss") || o.Bool("ignore_pad_token_for_loss"),
            // a classification task has max_seq_length and one label per row instead of source and target lengths
            PadToMaxLength = !(o.Has("pad_to_max_length") && o.Bool("pad_to_max_length")) ? null : o.Has("max_source_length")
                ? (o.Int("max_source_length") ?? StandardOptions.DefaultOf<int>("max_source_length"), o.Int("max_target_length") ?? StandardOptions.DefaultOf<int>("max_target_length"))
                : (o.Int("max_seq_length") ?? 128, 1),
            Precision = (o.Bool("bf16"), o.Bool("fp16")) switch
            {
                (true, true) => throw new UsageException("--bf16 and --fp16 are mutually exclusive: pick one (bf16 for T5)."),
                (true, false) => Precision.Bf16,
                (false, true) => Precision.Fp16,
                _ => Precision.Fp32,
            },
        };
        CheckRanges(args);
        if (!LearningRateSchedule.Types.Contains(args.LrSchedulerType))
            throw new UsageException($"--lr_scheduler_type '{args.LrSchedulerType}' is not one of: {string.Join(", ", LearningRateSchedule.Types)}.");
        if (o.String("optim") is { } optim && optim is not ("adamw_torch" or "adamw_torch_fused" or "adamw_hf"))
            throw new UsageException($"--optim '{optim}' is not supported: hf-train has one optimizer, AdamW (adamw_torch semantics).");
        if (args.LoadBestModelAtEnd && args.EvalStrategy == IntervalStrategy.No)
            throw new UsageException("--load_best_model_at_end requires an evaluation strategy: add --eval_strategy steps (or epoch) and --do_eval data.");
        if (args.LoadBestModelAtEnd && args.SaveStrategy != SaveStrategy.Best && args.SaveStrategy.HfName() != args.EvalStrategy.HfName())
            throw new UsageException($"--load_best_model_at_end requires the save and eval strategy to match, but found\n- Evaluation strategy: {args.EvalStrategy.HfName()}\n- Save strategy: {args.SaveStrategy.HfName()}");
        if (args.EarlyStoppingPatience is not null && args.EvalStrategy == IntervalStrategy.No)
            throw new UsageException("--early_stopping_patience needs evaluations: add --eval_strategy steps (or epoch).");
        return args;
    }

    /// <summary>TrainingArguments.__post_init__'s refusals (HF's wording where it has one), and values that would
    /// otherwise fail late or silently (a NaN learning rate, a checkpoint at every step).</summary>
    static void CheckRanges(TrainingArguments args)
    {
        if (string.IsNullOrWhiteSpace(args.OutputDir))
            throw new UsageException("--output_dir is empty: give the folder to write the model and results to (e.g. --output_dir out).");
        if (args.NumTrainEpochs < 0 && args.MaxSteps <= 0)
            throw new UsageException($"--num_train_epochs must be 0 or more, got {Text(args.NumTrainEpochs)}: give a number of epochs, or --max_steps N for a number of steps.");
        if (!double.IsFinite(args.LearningRate))
            throw new UsageException($"--learning_rate must be a finite number, got {Text(args.LearningRate)}: e.g. --learning_rate 5e-5.");
        if (args.WarmupRatio is { } ratio && !(ratio >= 0 && ratio <= 1))
            throw new UsageException($"warmup_ratio must lie in range [0,1], got --warmup_ratio {Text(ratio)}: e.g. --warmup_ratio 0.1.");
        if (args.EvalStrategy == IntervalStrategy.Steps && args.EvalSteps is null && !(args.LoggingSteps > 0))
            throw new UsageException("evaluation strategy steps requires either non-zero --eval_steps or --logging_steps.");
        if (args.EvalStrategy == IntervalStrategy.Steps && args.EvalSteps < 0)
            throw new UsageException($"--eval_steps must be positive, got {Text(args.EvalSteps.Value)}: e.g. --eval_steps 500.");
        if (!(args.LoggingSteps > 0))
            throw new UsageException($"logging strategy steps requires non-zero --logging_steps, got {Text(args.LoggingSteps)}: e.g. --logging_steps 500.");
        if (args.SaveStrategy == SaveStrategy.Steps && !(args.SaveSteps > 0))
            throw new UsageException($"save strategy steps requires non-zero --save_steps, got {Text(args.SaveSteps)}: e.g. --save_steps 500, or --save_strategy no.");
    }

    static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    static int Positive(ParsedOptions o, string name)
    {
        int value = o.Int(name) ?? 1;
        return value >= 1 ? value : throw new UsageException($"--{name} must be at least 1, got {value}.");
    }

    /// <summary>The strategy named by option <paramref name="name"/> (HF's spelling), its first value when unset.</summary>
    static T OneOf<T>(ParsedOptions o, string name) where T : struct, Enum
    {
        string value = o.String(name) ?? Enum.GetValues<T>()[0].HfName();
        return StrategyNames.Parse<T>(value)
               ?? throw new UsageException($"--{name} '{value}' is not one of: {string.Join(", ", StrategyNames.All<T>())}.");
    }
}
