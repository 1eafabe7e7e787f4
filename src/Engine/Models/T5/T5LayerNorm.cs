using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HfTrain.Engine.Models.T5;

/// <summary>
/// RMS norm without mean and bias (modeling_t5.py T5LayerNorm): x * rsqrt(mean(x²) + eps) * weight,
/// the variance accumulated in float32 whatever the input dtype.
/// </summary>
public sealed class T5LayerNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly double _eps;

    public T5LayerNorm(long hiddenSize, double eps) : base(nameof(T5LayerNorm))
    {
        weight = new Parameter(ones(hiddenSize));
        _eps = eps;
        RegisterComponents();
    }

    public Parameter Weight => weight;

    public override Tensor forward(Tensor x) // [B, T, D]
    {
        var x32 = x.dtype == ScalarType.Float32 ? x : x.to(float32);   // the residual stream is already float32
        var variance = x32.pow(2).mean([-1], keepdim: true);           // [B, T, 1]
        var normed = x * rsqrt(variance + _eps);                       // [B, T, D] (float32 when x is)
        if (weight.dtype is ScalarType.Float16 or ScalarType.BFloat16)
            normed = normed.to(weight.dtype);
        return weight * normed;                                         // [B, T, D]
    }
}
