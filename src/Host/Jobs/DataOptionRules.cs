using HfTrain.Engine.Training;
using HfTrain.Host.Options;

namespace HfTrain.Host.Jobs;

/// <summary>
/// run_summarization's data checks, made before any file is read: every split asked for has a source (HF:
/// "--do_eval requires a validation dataset"; an eval strategy implies --do_eval), and the sample limits and token
/// lengths are in range.
/// </summary>
internal static class DataOptionRules
{
    static readonly string[] SampleLimits = ["max_train_samples", "max_eval_samples", "max_predict_samples"];
    static readonly string[] Lengths = ["max_source_length", "max_target_length", "val_max_target_length", "generation_max_length", "num_beams", "generation_num_beams"];

    /// <summary><paramref name="embedded"/>: no data option at all, so the task's embedded sample serves every split.</summary>
    public static void Check(ParsedOptions o, IntervalStrategy evalStrategy, bool embedded)
    {
        foreach (string name in SampleLimits)
            if (o.Has(name) && o.Int(name) is { } limit && limit < 0)
                throw new UsageException($"--{name} must be 0 or more, got {limit}: leave it out to use every row.");
        foreach (string name in Lengths)
            if (o.Has(name) && o.Int(name) is { } length && length <= 0)
                throw new UsageException($"--{name} must be at least 1, got {length}.");
        if (embedded || o.String("dataset_name") is not null)
            return;                                          // a Hub dataset's splits are known only once it is read
        string? evaluating = evalStrategy == IntervalStrategy.No ? null : evalStrategy.HfName();
        if (o.Bool("do_train") && o.String("train_file") is null)
            throw new UsageException("--do_train requires a train dataset: pass --train_file (or --dataset_name for a dataset that has one).");
        if ((o.Bool("do_eval") || evaluating is not null) && o.String("validation_file") is null)
            throw new UsageException($"{(o.Bool("do_eval") ? "--do_eval" : $"--eval_strategy {evaluating}")} requires a validation dataset: " +
                                     "pass --validation_file (or --dataset_name for a dataset that has one)" + (evaluating is not null ? ", or --eval_strategy no." : "."));
        if (o.Bool("do_predict") && o.String("test_file") is null)
            throw new UsageException("--do_predict requires a test dataset: pass --test_file (or --dataset_name for a dataset that has one).");
    }
}
