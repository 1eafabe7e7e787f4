using HfTrain.Engine.Models;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Models;

/// <summary>Regression targets cross the integer label path as float32 bits and come back exact on the device.</summary>
public sealed class RegressionTargetsTests
{
    [Fact]
    public void Bits_decode_to_the_same_float32_values_on_the_tensor_path()
    {
        float[] values = [0f, -0f, 0.5f, -1.25f, 3.7f, 1e-3f, -123456.78f, 1e30f, float.Epsilon, -2.5e-40f, 0.1f];
        using var bits = tensor(values.Select(v => (long)RegressionTargets.Encode(v)).ToArray(), [values.Length, 1]);
        using var decoded = RegressionTargets.Decode(bits);
        Assert.Equal(values, decoded.data<float>().ToArray());
        Assert.All(values, v => Assert.Equal(v, RegressionTargets.Decode(RegressionTargets.Encode(v))));
    }
}
