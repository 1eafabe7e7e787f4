using static TorchSharp.torch;

namespace HfTrain.Engine.Training;

/// <summary>
/// torch.optim.AdamW (single-tensor algorithm, decoupled weight decay) on the float32 master buffer of
/// <see cref="FlatParameters"/>: a few kernels per step over the whole model. The learning rate is a plain double
/// (no host sync).
/// </summary>
public sealed class FlatAdamW : IDisposable
{
    readonly FlatParameters _flat;
    readonly double _beta1, _beta2, _eps, _weightDecay;

    public Tensor ExpAvg { get; }          // [N] first moment, float32
    public Tensor ExpAvgSq { get; }        // [N] second moment, float32
    public int Step { get; private set; }

    public FlatAdamW(FlatParameters flat, double beta1, double beta2, double eps, double weightDecay)
    {
        _flat = flat;
        (_beta1, _beta2, _eps, _weightDecay) = (beta1, beta2, eps, weightDecay);
        ExpAvg = zeros_like(flat.Master);
        ExpAvgSq = zeros_like(flat.Master);
    }

    /// <summary>One update of the master weights with float32 gradients <paramref name="g"/> and learning rate
    /// <paramref name="lr"/> (torch/optim/adamw.py _single_tensor_adamw); then the compute weights follow.</summary>
    public void Update(Tensor g, double lr)
    {
        Step++;
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            Tensor p = _flat.Master;
            if (_weightDecay != 0 && _flat.DecayCount > 0)
                p.narrow(0, 0, _flat.DecayCount).mul_(1 - lr * _weightDecay);
            ExpAvg.lerp_(g, 1 - _beta1);
            ExpAvgSq.mul_(_beta2).addcmul_(g, g, 1 - _beta2);
            double biasCorrection1 = 1 - Math.Pow(_beta1, Step);
            double biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(_beta2, Step));
            var denominator = (ExpAvgSq.sqrt() / biasCorrection2Sqrt).add_(_eps);
            p.addcdiv_(ExpAvg, denominator, -lr / biasCorrection1);
        }
        _flat.SyncFromMaster();
    }

    /// <summary>Restores the state of a checkpoint (moments and step count).</summary>
    public void Load(Tensor expAvg, Tensor expAvgSq, int step)
    {
        using (no_grad())
        {
            ExpAvg.copy_(expAvg);
            ExpAvgSq.copy_(expAvgSq);
        }
        Step = step;
    }

    public void Dispose()
    {
        ExpAvg.Dispose();
        ExpAvgSq.Dispose();
    }
}
