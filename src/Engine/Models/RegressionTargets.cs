using static TorchSharp.torch;

namespace HfTrain.Engine.Models;

/// <summary>
/// A regression target travels through the integer label path (examples, collation, the trainer's [B, T] int64 labels)
/// as the bit pattern of its float32 — the dtype run_classification.py casts regression labels to — and is decoded on
/// the model's device, exactly, with no host round trip.
/// </summary>
public static class RegressionTargets
{
    /// <summary>The float32 value's bits as an int (what an example's one label holds).</summary>
    public static int Encode(double value) => BitConverter.SingleToInt32Bits((float)value);

    /// <summary>The float32 value of <paramref name="bits"/>.</summary>
    public static float Decode(int bits) => BitConverter.Int32BitsToSingle(bits);

    /// <summary>int64 tensor of float32 bit patterns (sign-extended) → float32 values, same shape. Finite values only:
    /// sign · 2^(e−127) · (1 + m/2²³), or m · 2^−149 for subnormals; every step is exact in float64.</summary>
    public static Tensor Decode(Tensor bits)
    {
        using var scope = NewDisposeScope();
        var u = bits.to(float64);
        u = where(u.lt(0), u + 4294967296.0, u);                                      // the unsigned 32-bit pattern
        var sign = (u / 2147483648.0).floor_();
        var exponent = (u / 8388608.0).floor_().remainder(256.0);
        var mantissa = u.remainder(8388608.0);
        var normal = (mantissa / 8388608.0 + 1.0) * (exponent - 127.0).exp2();
        var subnormal = mantissa * Math.Pow(2, -149);
        var magnitude = where(exponent.eq(0), subnormal, normal);
        return (magnitude * (1.0 - 2.0 * sign)).to(float32).MoveToOuterDisposeScope();
    }
}
