using HfTrain.Engine.Runs;
using static TorchSharp.torch;

namespace HfTrain.Engine.Training;

/// <summary>
/// The running training loss on the device, read only at logging time (no sync per step). As HF's Trainer:
/// the logged loss is the mean of the step losses since the last log; with logging_nan_inf_filter a non-finite
/// step loss is replaced by that mean. The first non-finite step is remembered on the device too.
/// In a run of several ranks each rank holds its share of the global loss; reading sums the shares over the ranks,
/// which is HF's mean over ranks of the (world-scaled) rank losses.
/// </summary>
public sealed class TrainingLossTracker : IDisposable
{
    readonly bool _filter;
    readonly Tensor _step, _sinceLog, _total, _gradNorm, _firstBadStep;   // all [] on the device
    int _stepsSinceLog;

    readonly TensorCollectives? _world;

    public TrainingLossTracker(Device device, bool nanInfFilter, TensorCollectives? world = null)
    {
        _world = world;
        _filter = nanInfFilter;
        _step = zeros(1, float32, device).squeeze();
        _sinceLog = zeros(1, float32, device).squeeze();
        _total = zeros(1, float64, device).squeeze();
        _gradNorm = zeros(1, float32, device).squeeze();
        _firstBadStep = full(1, -1L, int64, device).squeeze();
    }

    /// <summary>Adds a micro-batch loss (already divided by the accumulation steps).</summary>
    public void AddMicroBatch(Tensor loss)
    {
        using (no_grad())
            _step.add_(loss.detach().to(float32));
    }

    public void SetGradNorm(Tensor norm)
    {
        using (no_grad())
            _gradNorm.copy_(norm);
    }

    /// <summary>Closes optimizer step <paramref name="globalStep"/>: folds its loss into the running sums.</summary>
    public void EndStep(int globalStep)
    {
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            var finite = _step.isfinite();
            // masked_fill_ with a host scalar: no host-to-device copy (a new device tensor from a host value would wait for the GPU)
            _firstBadStep.masked_fill_(_firstBadStep.lt(0).logical_and(finite.logical_not()), globalStep);
            var counted = _filter ? where(finite, _step, _sinceLog / (1 + _stepsSinceLog)) : _step;
            _sinceLog.add_(counted);
            _total.add_(counted.to(float64));
            _step.zero_();
            _stepsSinceLog++;
        }
    }

    /// <summary>Mean loss since the last log and the last gradient norm; resets the interval. Syncs with the device.</summary>
    public (double Loss, double GradNorm) ReadAndReset(string? lastCheckpoint)
    {
        using var scope = NewDisposeScope();                 // in-place ops and item() on CUDA (a host copy) make handles
        ThrowIfNonFinite(lastCheckpoint);
        _world?.AllReduceSum(_sinceLog);
        double loss = _sinceLog.item<float>() / Math.Max(1, _stepsSinceLog);       // host sync
        double norm = _gradNorm.item<float>();                                     // host sync
        _sinceLog.zero_();
        _stepsSinceLog = 0;
        return (loss, norm);
    }

    /// <summary>train_loss: the mean step loss of this run.</summary>
    public double MeanOfRun(int steps)
    {
        using var scope = NewDisposeScope();
        var total = _total.clone();
        _world?.AllReduceSum(total);
        return steps == 0 ? 0 : total.item<double>() / steps;
    }

    /// <summary>Stops training at the first non-finite loss, naming the step and the checkpoint to go back to.</summary>
    public void ThrowIfNonFinite(string? lastCheckpoint)
    {
        long bad;
        using (NewDisposeScope())
            bad = _firstBadStep.item<long>();                                      // host sync
        if (bad < 0)
            return;
        throw new NonFiniteLossException(
            $"The training loss became NaN or infinite at step {bad}. " +
            (lastCheckpoint is null ? "No checkpoint was saved before it. " : $"The last good checkpoint is {lastCheckpoint}. ") +
            "Lower --learning_rate, raise --warmup_steps or keep --max_grad_norm on; with T5 under --fp16, use --bf16 instead " +
            "(T5's feed-forward outputs overflow fp16).");
    }

    public void Dispose()
    {
        foreach (var t in new[] { _step, _sinceLog, _total, _gradNorm, _firstBadStep })
            t.Dispose();
    }
}
