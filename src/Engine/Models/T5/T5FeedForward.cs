using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace HfTrain.Engine.Models.T5;

/// <summary>
/// T5's feed-forward network, registered as DenseReluDense (modeling_t5.py T5DenseActDense / T5DenseGatedActDense):
/// wo(dropout(act(wi(x)))) or, gated (v1.1, flan-t5), wo(dropout(act(wi_0(x)) * wi_1(x))).
/// </summary>
public sealed class T5FeedForward : nn.Module<Tensor, Tensor>
{
    private readonly Linear? wi, wi_0, wi_1;
    private readonly Linear wo;
    private readonly string _act;
    private readonly double _dropout;

    public T5FeedForward(T5Config config) : base("DenseReluDense")
    {
        if (config.IsGatedAct)
        {
            wi_0 = nn.Linear(config.DModel, config.DFf, hasBias: false);
            wi_1 = nn.Linear(config.DModel, config.DFf, hasBias: false);
        }
        else
        {
            wi = nn.Linear(config.DModel, config.DFf, hasBias: false);
        }
        wo = nn.Linear(config.DFf, config.DModel, hasBias: false);
        _act = config.DenseActFn;
        _dropout = config.DropoutRate;
        RegisterComponents();
    }

    /// <summary>The input projections: [wi] or [wi_0, wi_1].</summary>
    public IReadOnlyList<Linear> Inputs => wi is not null ? [wi] : [wi_0!, wi_1!];
    public Linear Wo => wo;

    public override Tensor forward(Tensor x) // [B, T, D]
    {
        if (wi is not null && _act == "relu" && training && _dropout > 0)
        {
            using var projected = wi.forward(x);                                    // [B, T, F]
            using var kept = ReluDropout(projected, _dropout);
            return wo.forward(kept);                                                // [B, T, D]
        }
        Tensor h;
        if (wi is not null)
        {
            using var projected = wi.forward(x);
            h = Activate(projected);                                                // [B, T, F]
        }
        else
        {
            using var gate = wi_0!.forward(x);
            using var activated = Activate(gate);
            using var linear = wi_1!.forward(x);
            h = activated * linear;                                                 // [B, T, F]
        }
        using (h)
        {
            var dropped = T5Dropout.Apply(h, _dropout, training);
            var output = wo.forward(dropped);                                       // [B, T, D]
            Released.Unless(dropped, h);
            return output;
        }
    }

    /// <summary>
    /// relu then dropout as one product h ⊙ keep / (1 − p), keep = (h > 0) ∧ bernoulli(1 − p): the same values and
    /// gradients as F.relu then F.dropout, but autograd keeps one byte per element (keep) instead of relu's output
    /// and dropout's mask — the widest activations of a T5 layer (with the padding mask kept apart, 1 GB less peak
    /// memory measured at batch 128 on an H200; docs/PERFORMANCE.md).
    /// </summary>
    internal static Tensor ReluDropout(Tensor h, double p) // [..., F]
    {
        using var keep = h.gt(0);                                                  // autograd keeps it (MulBackward)
        using (no_grad())
        {
            using var draw = empty_like(h, dtype: ScalarType.Bool);
            draw.bernoulli_(1 - p);                                                // in-place ops return the same handle
            keep.logical_and_(draw);
        }
        var kept = h.mul(keep);
        kept.mul_(1.0 / (1 - p));
        return kept;
    }

    // gelu_new (transformers' NewGELUActivation) is the tanh approximation of gelu.
    private Tensor Activate(Tensor x) => _act switch
    {
        "relu" => F.relu(x),
        "gelu_new" or "gelu_pytorch_tanh" => F.gelu(x, GELU.Approximate.tanh),
        "gelu" => F.gelu(x),
        "silu" => F.silu(x),
        _ => throw new InvalidOperationException($"Unsupported activation {_act}."),
    };
}
