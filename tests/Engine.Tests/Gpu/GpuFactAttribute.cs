using TorchSharp;

namespace HfTrain.Engine.Tests.Gpu;

/// <summary>A test that needs CUDA: skipped (with the reason) where libtorch sees no CUDA device. Trait: Category=GPU.</summary>
public sealed class GpuFactAttribute : FactAttribute
{
    public GpuFactAttribute()
    {
        if (!torch.cuda.is_available())
            Skip = "needs a CUDA device (run `hf-train selftest` on the GPU machine: same checks)";
    }
}
