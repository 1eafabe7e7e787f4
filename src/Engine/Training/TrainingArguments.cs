namespace HfTrain.Engine.Training;

/// <summary>
/// The resolved Seq2SeqTrainingArguments the engine acts on (HF names in comments; defaults are HF's and are
/// applied by the host's option table). Fractions (&lt; 1) of steps are resolved against the total by
/// <see cref="StepPlan"/>.
/// </summary>
public sealed record TrainingArguments
{
    public required string OutputDir { get; init; }                 // output_dir
    public bool OverwriteOutputDir { get; init; }                    // overwrite_output_dir
    public int TrainBatchSize { get; init; } = 8;                    // per_device_train_batch_size
    public int EvalBatchSize { get; init; } = 8;                     // per_device_eval_batch_size
    public int GradientAccumulationSteps { get; init; } = 1;         // gradient_accumulation_steps
    public double LearningRate { get; init; } = 5e-5;                // learning_rate
    public double WeightDecay { get; init; }                         // weight_decay
    public double AdamBeta1 { get; init; } = 0.9;                    // adam_beta1
    public double AdamBeta2 { get; init; } = 0.999;                  // adam_beta2
    public double AdamEpsilon { get; init; } = 1e-8;                 // adam_epsilon
    public double MaxGradNorm { get; init; } = 1.0;                  // max_grad_norm
    public double NumTrainEpochs { get; init; } = 3.0;               // num_train_epochs
    public int MaxSteps { get; init; } = -1;                         // max_steps
    public string LrSchedulerType { get; init; } = "linear";         // lr_scheduler_type
    public double WarmupSteps { get; init; }                         // warmup_steps (< 1: a fraction)
    public double? WarmupRatio { get; init; }                        // warmup_ratio (legacy): read only when warmup_steps is 0
    public double LoggingSteps { get; init; } = 500;                 // logging_steps (< 1: a fraction)
    public bool LoggingFirstStep { get; init; }                      // logging_first_step
    public bool LoggingNanInfFilter { get; init; } = true;           // logging_nan_inf_filter
    public IntervalStrategy EvalStrategy { get; init; } = IntervalStrategy.No;                // eval_strategy
    public double? EvalSteps { get; init; }                          // eval_steps (< 1: a fraction; unset: logging_steps)
    public SaveStrategy SaveStrategy { get; init; } = SaveStrategy.Steps;             // save_strategy
    public double SaveSteps { get; init; } = 500;                    // save_steps (< 1: a fraction)
    public int? SaveTotalLimit { get; init; }                        // save_total_limit
    public int Seed { get; init; } = 42;                             // seed
    public double LabelSmoothingFactor { get; init; }                // label_smoothing_factor
    public bool LoadBestModelAtEnd { get; init; }                    // load_best_model_at_end
    public string? MetricForBestModel { get; init; }                 // metric_for_best_model
    public bool? GreaterIsBetter { get; init; }                      // greater_is_better
    public int? EarlyStoppingPatience { get; init; }                 // EarlyStoppingCallback's early_stopping_patience
    public double EarlyStoppingThreshold { get; init; }              // EarlyStoppingCallback's early_stopping_threshold
    public SamplingStrategy TrainSamplingStrategy { get; init; } = SamplingStrategy.Random;   // train_sampling_strategy (--group_by_length: group_by_length)
    public bool PredictWithGenerate { get; init; }                   // predict_with_generate
    public int? GenerationMaxLength { get; init; }                   // generation_max_length (unset: val_max_target_length)
    public int? GenerationNumBeams { get; init; }                    // generation_num_beams (--num_beams wins; unset: the model's)
    public int DataloaderNumWorkers { get; init; }                   // dataloader_num_workers: not read; BatchStream's one thread collates ahead
    public bool IgnorePadTokenForLoss { get; init; } = true;         // ignore_pad_token_for_loss (labels padded with -100)
    public Precision Precision { get; init; } = Precision.Fp32;      // bf16 / fp16 (the host casts the model to that dtype)
    public (int Source, int Target)? PadToMaxLength { get; init; }   // pad_to_max_length: (max_source_length, max_target_length)

    /// <summary>DataCollatorForSeq2Seq as the scripts build it: pad to a multiple of 8 under mixed precision
    /// (tensor cores), to the maximum lengths with --pad_to_max_length.</summary>
    public HfTrain.Data.Batching.Seq2SeqCollator Collator(int padTokenId, int? evalTargetLength = null) =>
        new(padTokenId, IgnorePadTokenForLoss, Precision == Precision.Fp32 ? null : 8,
            PadToMaxLength is { } max ? (max.Source, evalTargetLength ?? max.Target) : null);

    /// <summary>The metric that picks the best checkpoint: "eval_"-prefixed, default eval_loss (HF).</summary>
    public string BestMetricKey
    {
        get
        {
            string name = MetricForBestModel ?? "loss";
            return name.StartsWith("eval_", StringComparison.Ordinal) ? name : "eval_" + name;
        }
    }

    /// <summary>HF: greater_is_better defaults to false for loss metrics, else true.</summary>
    public bool BestIsGreater => GreaterIsBetter ?? !(MetricForBestModel ?? "loss").EndsWith("loss", StringComparison.Ordinal);
}
