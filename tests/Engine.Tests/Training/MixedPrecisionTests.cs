using HfTrain.Engine.Checkpoints;
using HfTrain.Engine.Evaluation;
using HfTrain.Engine.Models.T5;
using HfTrain.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Training;

/// <summary>bf16 compute with float32 master weights on the CPU (libtorch runs bf16 there too), and fp16 loss scaling.</summary>
public sealed class MixedPrecisionTests
{
    [Fact]
    public void Bf16_training_follows_the_float32_run_and_reaches_its_eval_loss_within_noise()
    {
        var data = TrainingFixture.Examples(160);
        using var output32 = new TempOutput();
        using var model32 = T5ForConditionalGeneration.Load(TrainingFixture.Dir("tiny"));
        var run32 = TrainingFixture.Train(model32, TrainingFixture.Arguments(output32.Path), data);
        double eval32 = new Seq2SeqEvaluator(model32, 16).Run(data.Take(32).ToList(), "eval", null, null).Metrics["eval_loss"];

        using var output16 = new TempOutput();
        using var model16 = T5ForConditionalGeneration.Load(TrainingFixture.Dir("tiny"));
        model16.to(ScalarType.BFloat16);
        var run16 = TrainingFixture.Train(model16, TrainingFixture.Arguments(output16.Path) with { Precision = Precision.Bf16 }, data);
        Assert.NotNull(run16.MasterWeights);
        double eval16 = new Seq2SeqEvaluator(model16, 16).Run(data.Take(32).ToList(), "eval", null, null).Metrics["eval_loss"];

        var losses32 = run32.State.LogHistory.Where(e => e.ContainsKey("loss")).Select(e => (double)e["loss"]!).ToList();
        var losses16 = run16.State.LogHistory.Where(e => e.ContainsKey("loss")).Select(e => (double)e["loss"]!).ToList();
        Assert.True(losses16[^1] < losses16[0] - 0.2, $"bf16 loss did not go down: {losses16[0]} → {losses16[^1]}");
        for (int i = 0; i < losses32.Count; i++)
            Assert.True(Math.Abs(losses32[i] - losses16[i]) < 0.02 * losses32[i], $"step {i + 1}: fp32 {losses32[i]} vs bf16 {losses16[i]}");
        Assert.True(Math.Abs(eval32 - eval16) < 0.02 * eval32, $"eval loss fp32 {eval32} vs bf16 {eval16}");
        Assert.Equal(ScalarType.BFloat16, model16.Shared.weight!.dtype);
        foreach (var t in run16.MasterWeights!.Values)
            t.Dispose();
    }

    [Fact]
    public void Bf16_checkpoints_hold_float32_master_weights()
    {
        using var output = new TempOutput();
        using var model = T5ForConditionalGeneration.Load(TrainingFixture.Dir("tiny"));
        model.to(ScalarType.BFloat16);
        TrainingFixture.Train(model, TrainingFixture.Arguments(output.Path) with { Precision = Precision.Bf16, MaxSteps = 2, SaveStrategy = SaveStrategy.Steps, SaveSteps = 2 },
            TrainingFixture.Examples(16));
        var header = SafeTensors.ReadHeader(Path.Combine(output.Path, "checkpoint-2", "model.safetensors"));
        Assert.All(header.Values, h => Assert.Equal(ScalarType.Float32, h.Type));
    }

    [Fact]
    public void The_loss_scaler_skips_overflowing_steps_and_halves_the_scale()
    {
        var scaler = new LossScaler(enabled: true);
        Assert.Equal(65536.0, scaler.Scale);
        using var finite = tensor(new float[] { 1, 2, 3 });
        using var overflow = tensor(new float[] { 1, float.PositiveInfinity, 3 });
        Assert.True(scaler.Check(finite));
        Assert.False(scaler.Check(overflow));
        Assert.Equal(32768.0, scaler.Scale);
        Assert.True(new LossScaler(enabled: false).Check(overflow));          // bf16/fp32: no scaling, no checks
    }
}
