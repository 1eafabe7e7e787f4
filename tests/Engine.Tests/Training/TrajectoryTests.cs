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
