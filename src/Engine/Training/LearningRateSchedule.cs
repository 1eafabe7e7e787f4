namespace HfTrain.Engine.Training;

/// <summary>
/// transformers' get_scheduler as pure functions of the step: the learning rate used by optimizer step
/// <c>s</c> (0-based) is <c>lr · λ(s)</c>, λ as in optimization.py (get_linear_schedule_with_warmup, …).
/// </summary>
public sealed class LearningRateSchedule
{
    readonly string _type;
    readonly double _lr;
    readonly int _warmup, _total;

    public static IReadOnlyList<string> Types { get; } =
        ["linear", "cosine", "cosine_with_restarts", "polynomial", "constant", "constant_with_warmup", "inverse_sqrt"];

    public LearningRateSchedule(string type, double learningRate, int warmupSteps, int totalSteps)
    {
        if (!Types.Contains(type))
            throw new ArgumentException($"--lr_scheduler_type '{type}' is not supported; use one of: {string.Join(", ", Types)}.");
        (_type, _lr, _warmup, _total) = (type, learningRate, warmupSteps, totalSteps);
    }

    /// <summary>The learning rate of optimizer step <paramref name="step"/> (0-based).</summary>
    public double At(int step) => _lr * Lambda(step);

    double Lambda(int s)
    {
        if (_type == "constant")
            return 1.0;
        if (s < _warmup)
            return (double)s / Math.Max(1, _warmup);
        double progress = (double)(s - _warmup) / Math.Max(1, _total - _warmup);
        return _type switch
        {
            "linear" => Math.Max(0.0, (double)(_total - s) / Math.Max(1, _total - _warmup)),
            "cosine" => Math.Max(0.0, 0.5 * (1.0 + Math.Cos(Math.PI * 0.5 * 2.0 * progress))),
            "cosine_with_restarts" => progress >= 1.0 ? 0.0 : Math.Max(0.0, 0.5 * (1.0 + Math.Cos(Math.PI * ((1.0 * progress) % 1.0)))),
            "polynomial" => Polynomial(s),
            "constant_with_warmup" => 1.0,
            "inverse_sqrt" => InverseSqrt(s),
            _ => throw new InvalidOperationException(_type),
        };
    }

    /// <summary>get_inverse_sqrt_schedule: timescale = warmup steps (10,000 without warmup).</summary>
    double InverseSqrt(int s)
    {
        double timescale = _warmup > 0 ? _warmup : 10_000;
        return 1.0 / Math.Sqrt((s + timescale - _warmup) / timescale);
    }

    /// <summary>get_polynomial_decay_schedule_with_warmup with HF defaults: lr_end 1e-7, power 1.0.</summary>
    double Polynomial(int s)
    {
        const double lrEnd = 1e-7, power = 1.0;
        if (s > _total)
            return lrEnd / _lr;
        double range = _lr - lrEnd;
        double remaining = 1.0 - (double)(s - _warmup) / Math.Max(1, _total - _warmup);
        return (range * Math.Pow(remaining, power) + lrEnd) / _lr;
    }
}
