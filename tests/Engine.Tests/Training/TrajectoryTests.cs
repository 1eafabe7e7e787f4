using System.Text.Json;
using HfTrain.Engine.Models.T5;

namespace HfTrain.Engine.Tests.Training;

/// <summary>
/// The same run as transformers' Seq2SeqTrainer in tiny/trajectory_cpu.json (160 rows in order, batch 8, 20 steps,
/// AdamW lr 1e-3 with 2 linear warmup steps, weight decay 0.01, clipping at 1.0): every step's loss, learning rate
/// and gradient norm match within 1e-4 relative.
/// </summary>
public sealed class TrajectoryTests
{
    [Fact]
    public void Twenty_steps_match_seq2seq_trainer_step_by_step()
    {
        using var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(TrainingFixture.Dir("tiny"), "trajectory_cpu.json")));
        var expected = reference.RootElement.GetProperty("losses").EnumerateArray().ToList();
        using var dir = new TempOutput();
        using var model = T5ForConditionalGeneration.Load(TrainingFixture.Dir("tiny"));
        var result = TrainingFixture.Train(model, TrainingFixture.Arguments(dir.Path), TrainingFixture.Examples());
        var logged = result.State.LogHistory.Where(e => e.ContainsKey("loss")).ToList();
        Assert.Equal(expected.Count, logged.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].GetProperty("step").GetInt32(), (int)logged[i]["step"]!);
            AssertClose(expected[i].GetProperty("loss").GetDouble(), (double)logged[i]["loss"]!, $"loss at step {i + 1}");
            AssertClose(expected[i].GetProperty("lr").GetDouble(), (double)logged[i]["learning_rate"]!, $"lr at step {i + 1}");
            AssertClose(expected[i].GetProperty("grad_norm").GetDouble(), (double)logged[i]["grad_norm"]!, $"grad_norm at step {i + 1}");
        }
        Assert.Equal(20, result.State.GlobalStep);
        Assert.Equal(1.0, result.State.Epoch, 6);
    }

    /// <summary>
    /// transformers 5.17 trains T5 with gradient_accumulation_steps N on the sum of the N micro-batch means: its Trainer
    /// no longer divides by N for models whose forward takes loss kwargs, and T5's loss ignores num_items_in_batch
    /// (tiny/trajectory_cpu_accumulation.json, batch 4 × 2, logs about twice batch 8's loss). hf-train takes their
    /// mean, as Trainer did before num_items_in_batch and as the loss does not depend on N, so its loss and
    /// gradient are HF's divided by N. The updates are the same while both gradient norms are clipped (max_grad_norm
    /// 1.0): up to the first step whose norm hf-train leaves unclipped, every loss and norm is HF's / 2 within 1e-4.
    /// </summary>
    [Fact]
    public void Gradient_accumulation_logs_seq2seq_trainers_numbers_divided_by_the_steps()
    {
        using var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(TrainingFixture.Dir("tiny"), "trajectory_cpu_accumulation.json")));
        Assert.Equal(2, reference.RootElement.GetProperty("gradient_accumulation_steps").GetInt32());
        var expected = reference.RootElement.GetProperty("losses").EnumerateArray().ToList();
        using var dir = new TempOutput();
        using var model = T5ForConditionalGeneration.Load(TrainingFixture.Dir("tiny"));
        var args = TrainingFixture.Arguments(dir.Path) with { TrainBatchSize = 4, GradientAccumulationSteps = 2 };
        var result = TrainingFixture.Train(model, args, TrainingFixture.Examples());
        var logged = result.State.LogHistory.Where(e => e.ContainsKey("loss")).ToList();
        Assert.Equal(expected.Count, logged.Count);
        // steps 1..last see the same weights: every earlier step was clipped by both
        int last = expected.FindIndex(e => e.GetProperty("grad_norm").GetDouble() / 2 <= args.MaxGradNorm) + 1;
        Assert.True(last >= 10, $"hf-train's norm drops below max_grad_norm at step {last}: too few steps to compare");
        for (int i = 0; i < last; i++)
        {
            AssertClose(expected[i].GetProperty("loss").GetDouble() / 2, (double)logged[i]["loss"]!, $"loss at step {i + 1}");
            AssertClose(expected[i].GetProperty("grad_norm").GetDouble() / 2, (double)logged[i]["grad_norm"]!, $"grad_norm at step {i + 1}");
            AssertClose(expected[i].GetProperty("lr").GetDouble(), (double)logged[i]["learning_rate"]!, $"lr at step {i + 1}");
        }
    }

    static void AssertClose(double expected, double actual, string what)
    {
        double tolerance = 1e-4 * Math.Max(Math.Abs(expected), 1e-12);
        Assert.True(Math.Abs(expected - actual) <= tolerance || (expected == 0 && actual == 0),
            $"{what}: expected {expected:R}, got {actual:R} (relative error {Math.Abs(expected - actual) / Math.Max(Math.Abs(expected), 1e-12):E2})");
    }
}

/// <summary>A temporary output folder.</summary>
internal sealed class TempOutput : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("hf-train-out-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
