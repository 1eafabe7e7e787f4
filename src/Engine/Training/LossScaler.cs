using static TorchSharp.torch;

namespace HfTrain.Engine.Training;

/// <summary>
/// Dynamic loss scaling for fp16 (torch.amp.GradScaler's defaults: scale 2^16, ×2 after 2000 clean steps, ×0.5 and
/// the step skipped when the gradients overflow). Unlike bf16 training, this reads one flag from the device per step
/// (as GradScaler does) to decide whether to skip.
/// </summary>
public sealed class LossScaler(bool enabled)
{
    int _cleanSteps;

    public double Scale { get; private set; } = enabled ? 65536.0 : 1.0;

    public bool Enabled => enabled;

    /// <summary>True when the (unscaled) gradients are finite; updates the scale. Syncs with the device (fp16 only).</summary>
    public bool Check(Tensor grads)
    {
        if (!enabled)
            return true;
        using var scope = NewDisposeScope();
        var finite = grads.isfinite().all();
        if (finite.item<bool>())                                               // host sync, fp16 only
        {
            if (++_cleanSteps >= 2000)
            {
                Scale *= 2;
                _cleanSteps = 0;
            }
            return true;
        }
        Scale *= 0.5;
        _cleanSteps = 0;
        return false;
    }

    public void Restore(double scale) => Scale = enabled ? scale : 1.0;
}
