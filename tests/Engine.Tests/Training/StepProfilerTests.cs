using HfTrain.Engine.Models.T5;
using HfTrain.Engine.Training;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Training;

public sealed class StepProfilerTests
{
    [Fact]
    public void The_report_averages_each_phase_over_the_steps_after_warm_up()
    {
        var profiler = new StepProfiler(CPU, "Step", warmupSteps: 2);
        for (int step = 0; step < 5; step++)
        {
            profiler.Begin();
            Thread.Sleep(step < 2 ? 50 : 2);          // warm-up steps are slow and must not count
            profiler.Mark("forward");
            profiler.EndStep();
        }
        string report = profiler.Report();
        Assert.StartsWith("Step profile (3 steps after 2 warm-up steps", report);
        var forward = report.Split('\n').Single(l => l.TrimStart().StartsWith("forward", StringComparison.Ordinal));
        double issue = double.Parse(forward.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(issue, 1.5, 30);
    }

    /// <summary>HF_TRAIN_PROFILE=1 makes the trainer log the per-phase table at the end of training; unset, it logs none.</summary>
    [Fact]
    public void Training_logs_the_step_profile_only_when_asked()
    {
        using var output = new TempOutput();
        using var model = T5ForConditionalGeneration.Load(TrainingFixture.Dir("tiny"));
        var data = TrainingFixture.Examples(24 * 8);
        var args = TrainingFixture.Arguments(output.Path) with { MaxSteps = StepProfiler.WarmupSteps + 3, SaveStrategy = "no" };
        var quiet = new List<string>();
        TrainingFixture.Train(model, args, data, log: quiet);
        Assert.DoesNotContain(quiet, l => l.Contains("Step profile", StringComparison.Ordinal));

        var log = new List<string>();
        Environment.SetEnvironmentVariable(StepProfiler.Variable, "1");
        try
        {
            TrainingFixture.Train(model, args with { OutputDir = Path.Combine(output.Path, "profiled") }, data, log: log);
        }
        finally
        {
            Environment.SetEnvironmentVariable(StepProfiler.Variable, null);
        }
        string report = Assert.Single(log, l => l.StartsWith("Step profile", StringComparison.Ordinal));
        foreach (string phase in new[] { "to device", "forward", "backward", "optimizer" })
            Assert.Contains(phase, report);
        Assert.Contains("(3 steps after", report);
    }
}
