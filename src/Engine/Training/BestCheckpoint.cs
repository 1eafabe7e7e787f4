namespace HfTrain.Engine.Training;

/// <summary>
/// The best model so far by metric_for_best_model (HF: eval_loss, lower is better, by default) and
/// EarlyStoppingCallback's patience: evaluations that do not improve by more than the threshold count up.
/// </summary>
public sealed class BestCheckpoint(TrainingArguments args, TrainerState state)
{
    int _noImprovement;
    double? _lastMetric;
    bool _lastImproved;

    public bool ShouldStopEarly => args.EarlyStoppingPatience is { } patience && _noImprovement >= patience;

    /// <summary>Records an evaluation; true when it is the best so far.</summary>
    public bool OnEvaluate(IReadOnlyDictionary<string, double> metrics)
    {
        if (!metrics.TryGetValue(args.BestMetricKey, out double value))
        {
            throw new HfTrain.Abstractions.TaskInputException(
                $"--metric_for_best_model {args.MetricForBestModel}: the evaluation has no '{args.BestMetricKey}'; it has {string.Join(", ", metrics.Keys)}.");
        }
        _lastMetric = value;
        double? best = state.BestMetric;
        bool improved = best is null || (args.BestIsGreater ? value > best : value < best);
        bool beyondThreshold = best is null || Math.Abs(value - best.Value) > args.EarlyStoppingThreshold;
        _noImprovement = improved && beyondThreshold ? 0 : _noImprovement + 1;
        if (improved)
        {
            state.BestMetric = value;
            state.BestGlobalStep = state.GlobalStep;
        }
        _lastImproved = improved;
        return improved;
    }

    /// <summary>When a checkpoint is saved right after an improving evaluation, it becomes the best checkpoint.</summary>
    public void OnSave(TrainerState current, bool evaluatedThisStep, string checkpointPath)
    {
        if (evaluatedThisStep && _lastImproved && _lastMetric is not null)
            current.BestModelCheckpoint = checkpointPath;
    }
}
