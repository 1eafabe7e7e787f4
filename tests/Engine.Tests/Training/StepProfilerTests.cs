using HfTrain.Engine.Diagnostics;
using HfTrain.Engine.Evaluation;
using HfTrain.Engine.Models;
using HfTrain.Engine.Models.T5;
using HfTrain.Engine.Runs;
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
        var warmup = report.Split('\n').Single(l => l.Contains("warm-up steps took", StringComparison.Ordinal));
        var phases = warmup[(warmup.IndexOf(": ", StringComparison.Ordinal) + 2)..].Split(", ");
        Assert.Equal(["data", "forward"], phases.Select(p => p.Split(' ')[0]));        // where the warm-up went, per phase
        double warmForward = double.Parse(phases[1].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(warmForward, 95, 400);                                          // two 50 ms steps
    }

    /// <summary>HF_TRAIN_PROFILE=1 makes the trainer log the per-phase table at the end of training; unset, it logs none.</summary>
    [Fact]
    public void Training_logs_the_step_profile_only_when_asked()
    {
        using var output = new TempOutput();
        using var model = T5ForConditionalGeneration.Load(TrainingFixture.Dir("tiny"));
        var data = TrainingFixture.Examples(24 * 8);
        var args = TrainingFixture.Arguments(output.Path) with { MaxSteps = StepProfiler.WarmupSteps + 3, SaveStrategy = SaveStrategy.No };
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

    /// <summary>HF_TRAIN_PROFILE=2: the model's marks go to the training loop's profiler, to an evaluation's while it
    /// runs, back to the loop's afterwards, and nowhere once training ended.</summary>
    [Fact]
    public void Fine_marks_go_back_to_the_training_loop_after_an_evaluation()
    {
        using var output = new TempOutput();
        using var model = T5ForConditionalGeneration.Load(TrainingFixture.Dir("tiny"));
        var data = TrainingFixture.Examples(24 * 8);
        var evaluator = new Seq2SeqEvaluator(model, 8);
        var during = new List<StepProfiler?>();
        var log = new List<string>();
        Environment.SetEnvironmentVariable(StepProfiler.Variable, "2");
        try
        {
            var args = TrainingFixture.Arguments(output.Path) with
            {
                MaxSteps = StepProfiler.WarmupSteps + 3, SaveStrategy = SaveStrategy.No, EvalStrategy = IntervalStrategy.Steps, EvalSteps = 2,
            };
            new Seq2SeqTrainer(model, args, new TrainerHooks
            {
                Generation = GenerationConfig.FromModelConfig(model.Tokens),
                Evaluate = () => evaluator.Run(data.Take(8).ToList(), "eval", null, null).Metrics,
                OnStep = _ => during.Add(StepProfiler.Fine),
                Log = log.Add,
            }, RunContext.Single).Train(data, TrainBatches.For(data, args, RunContext.Single), null);
        }
        finally
        {
            Environment.SetEnvironmentVariable(StepProfiler.Variable, null);
        }
        Assert.NotNull(during[0]);
        Assert.All(during, fine => Assert.Same(during[0], fine));       // the loop's own, before and after evaluations
        Assert.Null(StepProfiler.Fine);
        string report = Assert.Single(log, l => l.StartsWith("Step profile", StringComparison.Ordinal));
        Assert.Contains("enc bias", report);
    }
}
