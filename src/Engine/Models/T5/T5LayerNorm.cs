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
        if (!(is_grad_enabled() && (x.requires_grad || weight.requires_grad)) && Native.FusedRmsNorm.Available
            && (weight.dtype is ScalarType.Float16 or ScalarType.BFloat16 || weight.dtype == x.dtype))
            return Fused(x);
        // Temporaries are disposed as soon as they are used (ReleasedEarly): a dispose scope would otherwise keep every one
        // alive until the step ends; autograd holds its own references to what backward needs.
        using var cast = x.dtype == ScalarType.Float32 ? null : x.to(float32); // the residual stream is already float32
        var x32 = cast ?? x;
        using var squares = x32.pow(2);
        using var variance = squares.mean([-1], keepdim: true);       // [B, T, 1]
        using var shifted = variance + _eps;
        using var scale = shifted.rsqrt();
        using var normed = x * scale;                                  // [B, T, D] (float32 when x is)
        if (weight.dtype is ScalarType.Float16 or ScalarType.BFloat16)
        {
            using var half = normed.to(weight.dtype);
            return weight * half;                                      // [B, T, D]
        }
        return weight * normed;                                        // [B, T, D]
    }

    /// <summary>
    /// The same through libtorch's fused rms_norm, where no gradient is needed (evaluation, generation): one kernel with
    /// a float32 weight; with a half-precision weight, as modeling_t5.py, the float32 result is rounded to the weight's
    /// dtype before the weight multiplies it (three kernels instead of seven). The variance is summed in another order
    /// than mean(x²), so results may differ from the written-out norm in the last bit.
    /// </summary>
    private Tensor Fused(Tensor x)
    {
        if (weight.dtype is not (ScalarType.Float16 or ScalarType.BFloat16))
            return Native.FusedRmsNorm.Apply(x, weight, _eps);                // x has the weight's dtype (caller checks)
        using var cast = x.dtype == ScalarType.Float32 ? null : x.to(float32);
        using var normed = Native.FusedRmsNorm.Apply(cast ?? x, null, _eps);  // float32
        using var half = normed.to(weight.dtype);
        return weight * half;
    }
}
