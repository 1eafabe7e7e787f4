using HfTrain.Engine.SelfTest;
using HfTrain.Engine.Training;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Gpu;

/// <summary>
/// The GPU checks of issue 7: fixture parity on CUDA in float32 (1e-4), bf16 training lowers the loss, and the live
/// tensor count stays flat over 200 steps. The same checks run on a machine without dotnet via `hf-train selftest`.
/// </summary>
[Trait("Category", "GPU")]
public sealed class GpuTests
{
    static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    [GpuFact]
    public void Fixture_models_match_transformers_on_cuda_in_float32()
    {
        foreach (var (model, task) in new[] { ("tiny", "summarization"), ("tiny-gated", "translation"), ("tiny-trained", "summarization") })
        {
            var result = DeviceSelfTest.Parity(Fixtures, model, task, CUDA);
            Assert.True(result.Passed, result.ToString());
        }
    }

    [GpuFact]
    public void Beam_scores_kept_on_the_host_round_as_cuda_does()
    {
        var result = DeviceSelfTest.BeamScoreRounding(CUDA);
        Assert.True(result.Passed, result.ToString());
    }

    [GpuFact]
    public void Bf16_training_on_cuda_lowers_the_loss_without_leaking_tensors()
    {
        foreach (var result in DeviceSelfTest.Training(Fixtures, CUDA, Precision.Bf16, steps: 200))
            Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void The_same_checks_pass_on_the_cpu()
    {
        var parity = DeviceSelfTest.Parity(Fixtures, "tiny-trained", "summarization", CPU);
        Assert.True(parity.Passed, parity.ToString());
        var rounding = DeviceSelfTest.BeamScoreRounding(CPU);
        Assert.True(rounding.Passed, rounding.ToString());
    }
}
