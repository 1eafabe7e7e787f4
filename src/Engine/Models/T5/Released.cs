using static TorchSharp.torch;

namespace HfTrain.Engine.Models.T5;

/// <summary>
/// Early release of intermediate tensors. A TorchSharp dispose scope keeps every tensor made inside it alive until the
/// scope ends (a training step, an evaluation batch), where Python frees an intermediate as soon as nothing refers to
/// it; on a GPU that difference was gigabytes (docs/PERFORMANCE.md). The model disposes its intermediates right after
/// their last use — autograd holds its own references to what backward needs, so this never changes results.
/// </summary>
internal static class Released
{
    /// <summary>Disposes <paramref name="intermediate"/> unless it is the same handle as <paramref name="keep"/>
    /// (e.g. dropout outside training returns its input).</summary>
    public static void Unless(Tensor intermediate, Tensor keep)
    {
        if (!ReferenceEquals(intermediate, keep))
            intermediate.Dispose();
    }
}
