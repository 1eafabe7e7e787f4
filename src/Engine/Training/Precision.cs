using static TorchSharp.torch;

namespace HfTrain.Engine.Training;

/// <summary>
/// The compute precision of training and evaluation (TorchSharp has no autocast): with Bf16/Fp16 the model's weights
/// are in that dtype for the matmuls, the residual stream, norms, softmax statistics and the loss stay float32, and
/// the optimizer keeps float32 master weights and moments (<see cref="FlatParameters"/>).
/// </summary>
public enum Precision
{
    Fp32,
    Bf16,
    Fp16,
}

public static class PrecisionExtensions
{
    public static ScalarType DType(this Precision precision) => precision switch
    {
        Precision.Bf16 => ScalarType.BFloat16,
        Precision.Fp16 => ScalarType.Float16,
        _ => ScalarType.Float32,
    };
}
