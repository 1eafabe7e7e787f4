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

    /// <summary>eps as one native Scalar for the module's lifetime: a temporary made per call (double → Scalar) can be
    /// finalized by the GC while libtorch still reads it, which showed once as "toFloat: Expected false to be true".</summary>
    private readonly Scalar _epsScalar;

    public T5LayerNorm(long hiddenSize, double eps) : base(nameof(T5LayerNorm))
    {
        weight = new Parameter(ones(hiddenSize));
        _eps = eps;
        _epsScalar = eps.ToScalar();
        RegisterComponents();
    }

    public Parameter Weight => weight;

    /// <remarks>
    /// Where no gradient is needed (evaluation, generation) the normalisation is libtorch's fused rms_norm: one kernel with
    /// a float32 weight; with a half-precision weight, as modeling_t5.py, the float32 result is rounded to the weight's
    /// dtype before the weight multiplies it (three kernels instead of seven). The variance is summed in another order
    /// than mean(x²), so results may differ from the written-out norm in the last bit.
    /// </remarks>
    public override Tensor forward(Tensor x) // [B, T, D]
    {
        bool halfWeight = weight.dtype is ScalarType.Float16 or ScalarType.BFloat16;
        bool fused = !(is_grad_enabled() && (x.requires_grad || weight.requires_grad)) && Native.FusedRmsNorm.Available
            && (halfWeight || weight.dtype == x.dtype);
        if (fused && !halfWeight)
            return Native.FusedRmsNorm.Apply(x, weight, _eps);                // [B, T, D], weight included
        // Temporaries are disposed as soon as they are used (ReleasedEarly): a dispose scope would otherwise keep every one
        // alive until the step ends; autograd holds its own references to what backward needs.
        using var cast = x.dtype == ScalarType.Float32 ? null : x.to(float32); // the residual stream is already float32
        using var normed = fused ? Native.FusedRmsNorm.Apply(cast ?? x, null, _eps) : WrittenOut(x, cast ?? x); // [B, T, D] float32
        if (halfWeight)
        {
            using var half = normed.to(weight.dtype);
            return weight * half;                                      // [B, T, D]
        }
        return weight * normed;                                        // [B, T, D]
    }

    /// <summary>x · rsqrt(mean(x²) + eps), the variance from <paramref name="x32"/> (x in float32).</summary>
    private Tensor WrittenOut(Tensor x, Tensor x32)
    {
        using var squares = x32.pow(2);
        using var variance = squares.mean([-1], keepdim: true);       // [B, T, 1]
        using var shifted = variance + _epsScalar;
        using var scale = shifted.rsqrt();
        return x * scale;                                              // float32 when x is
    }
}
