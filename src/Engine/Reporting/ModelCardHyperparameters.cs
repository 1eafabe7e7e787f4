using System.Globalization;
using HfTrain.Engine.Training;
using HfTrain.Engine.Formats;

namespace HfTrain.Engine.Reporting;

/// <summary>
/// transformers' modelcard.py extract_hyperparameters_from_trainer: the same names, order, conditions and Python
/// formatting ("learning_rate: 5e-05", "num_epochs: 3.0"), from our TrainingArguments.
/// </summary>
public static class ModelCardHyperparameters
{
    public static IReadOnlyList<KeyValuePair<string, string>> From(TrainingArguments args, int worldSize = 1)
    {
        var h = new List<KeyValuePair<string, string>>
        {
            new("learning_rate", PythonFloat.Repr(args.LearningRate)),
            new("train_batch_size", Int(args.TrainBatchSize)),
            new("eval_batch_size", Int(args.EvalBatchSize)),
            new("seed", Int(args.Seed)),
        };
        if (worldSize > 1)
        {
            h.Add(new("distributed_type", "multi-GPU"));
            h.Add(new("num_devices", Int(worldSize)));
        }
        if (args.GradientAccumulationSteps > 1) h.Add(new("gradient_accumulation_steps", Int(args.GradientAccumulationSteps)));
        var totalTrain = args.TrainBatchSize * worldSize * args.GradientAccumulationSteps;
        if (totalTrain != args.TrainBatchSize) h.Add(new("total_train_batch_size", Int(totalTrain)));
        var totalEval = args.EvalBatchSize * worldSize;
        if (totalEval != args.EvalBatchSize) h.Add(new("total_eval_batch_size", Int(totalEval)));

        // FlatAdamW is torch.optim.AdamW, i.e. optim=adamw_torch; HF prints the enum member's str().
        h.Add(new("optimizer", $"Use OptimizerNames.ADAMW_TORCH with betas=({PythonFloat.Repr(args.AdamBeta1)},{PythonFloat.Repr(args.AdamBeta2)}) " +
                               $"and epsilon={PythonFloat.Repr(args.AdamEpsilon)} and optimizer_args=No additional optimizer arguments"));
        h.Add(new("lr_scheduler_type", args.LrSchedulerType));
        if (args.WarmupRatio is { } ratio && ratio != 0) h.Add(new("lr_scheduler_warmup_ratio", PythonFloat.Repr(ratio)));
        if (args.WarmupSteps != 0) h.Add(new("lr_scheduler_warmup_steps", Number(args.WarmupSteps)));
        h.Add(args.MaxSteps != -1
            ? new("training_steps", Int(args.MaxSteps))
            : new("num_epochs", PythonFloat.Repr(args.NumTrainEpochs)));
        if (args.LabelSmoothingFactor != 0) h.Add(new("label_smoothing_factor", PythonFloat.Repr(args.LabelSmoothingFactor)));
        return h;
    }

    static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    // warmup_steps is an int in HF unless given as a fraction (< 1): print it the way the user wrote it.
    static string Number(double v) => v == Math.Floor(v) ? ((long)v).ToString(CultureInfo.InvariantCulture) : PythonFloat.Repr(v);
}
