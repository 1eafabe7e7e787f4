namespace HfTrain.Engine.Training;

/// <summary>
/// How many optimizer steps a run has and when it logs, evaluates and saves — Trainer._inner_training_loop's
/// arithmetic: an epoch is ceil(micro-batches / gradient_accumulation_steps) optimizer steps; max_steps &gt; 0
/// overrides num_train_epochs; step intervals given as fractions (&lt; 1) are fractions of the total.
/// </summary>
public sealed record StepPlan(int MicroBatchesPerEpoch, int StepsPerEpoch, int TotalSteps, int Epochs,
    int WarmupSteps, int LoggingSteps, int EvalSteps, int SaveSteps)
{
    public static StepPlan Create(TrainingArguments args, int microBatchesPerEpoch)
    {
        if (microBatchesPerEpoch <= 0)
            throw new ArgumentException("The training set is empty: nothing to train on.");
        int ga = args.GradientAccumulationSteps;
        int stepsPerEpoch = Math.Max(1, (microBatchesPerEpoch + ga - 1) / ga);
        int total = args.MaxSteps > 0 ? args.MaxSteps : (int)Math.Ceiling(args.NumTrainEpochs * stepsPerEpoch);
        int epochs = args.MaxSteps > 0 ? (total + stepsPerEpoch - 1) / stepsPerEpoch : (int)Math.Ceiling(args.NumTrainEpochs);
        double warmup = args.WarmupSteps > 0 ? args.WarmupSteps : args.WarmupRatio ?? 0;
        int warmupSteps = warmup < 1 ? (int)Math.Ceiling(warmup * total) : (int)warmup;
        int logging = Resolve(args.LoggingSteps, total);
        return new StepPlan(microBatchesPerEpoch, stepsPerEpoch, total, Math.Max(1, epochs), warmupSteps, logging,
            Resolve(args.EvalSteps ?? args.LoggingSteps, total), Resolve(args.SaveSteps, total));
    }

    static int Resolve(double steps, int total) => Math.Max(1, steps < 1 ? (int)Math.Ceiling(steps * total) : (int)steps);
}
