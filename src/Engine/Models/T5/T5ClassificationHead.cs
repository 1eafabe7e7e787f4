using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HfTrain.Engine.Models.T5;

/// <summary>modeling_t5.py T5ClassificationHead: dropout → dense → tanh → dropout → out_proj, on one row per text.</summary>
public sealed class T5ClassificationHead : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly Linear out_proj;
    private readonly double _dropout;

    public T5ClassificationHead(T5Config config, int numLabels) : base(nameof(T5ClassificationHead))
    {
        dense = nn.Linear(config.DModel, config.DModel);
        out_proj = nn.Linear(config.DModel, numLabels);
        _dropout = config.ClassifierDropout;
        RegisterComponents();
    }

    /// <summary>T5PreTrainedModel._init_weights: weights N(0, f·d_model^-½), biases zero.</summary>
    public void Initialize(double factor, int dModel)
    {
        using var _ = no_grad();
        foreach (var linear in new[] { dense, out_proj })
        {
            linear.weight!.normal_(0.0, factor * Math.Pow(dModel, -0.5));
            linear.bias!.zero_();
        }
    }

    /// <summary>[B, D] → [B, L].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = T5Dropout.Apply(x, _dropout, training);                                      // [B, D]
        h = dense.forward(h).tanh_();                                                        // [B, D]
        h = T5Dropout.Apply(h, _dropout, training);
        return out_proj.forward(h).MoveToOuterDisposeScope();                                // [B, L]
    }
}
