using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace HfTrain.Engine.Models.T5;

/// <summary>nn.Dropout as T5 uses it: identity in evaluation (no native call at all: generation is host-bound).</summary>
internal static class T5Dropout
{
    public static Tensor Apply(Tensor x, double p, bool training) => training && p > 0 ? F.dropout(x, p, training: true) : x;
}
