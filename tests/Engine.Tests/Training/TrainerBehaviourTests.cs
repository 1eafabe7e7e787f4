using HfTrain.Engine.Evaluation;
using HfTrain.Engine.Models;
using HfTrain.Engine.Models.T5;
using HfTrain.Engine.Runs;
using HfTrain.Engine.Training;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Training;

public sealed class TrainerBehaviourTests
{
    [Fact]
    public void A_non_finite_loss_stops_training_naming_the_step_and_the_advice()
    {
        using var output = new TempOutput();
        using var model = T5ForConditionalGeneration.Load(TrainingFixture.Dir("tiny"));
        using (no_grad())
            model.Shared.weight![0].fill_(double.NaN);          // the decoder start token's embedding: the loss is NaN at once
        var error = Assert.Throws<NonFiniteLossException>(() =>
            TrainingFixture.Train(model, TrainingFixture.Arguments(output.Path) with { MaxSteps = 3 }, TrainingFixture.Examples(24)));
        Assert.Contains("at step 1", error.Message);
        Assert.Contains("No checkpoint was saved", error.Message);
        Assert.Contains("--bf16", error.Message);
        Assert.Empty(Directory.GetDirectories(output.Path));
    }

    [Fact]
    public void Only_the_main_process_writes_checkpoints_and_logs()
    {
        var args = (string dir) => TrainingFixture.Arguments(dir) with { MaxSteps = 4, SaveStrategy = SaveStrategy.Steps, SaveSteps = 2 };
        var data = TrainingFixture.Examples(24);
        foreach (var run in new[] { new RunContext(Rank: 1, WorldSize: 2), new RunContext(Rank: 0, WorldSize: 2) })
        {
            using var output = new TempOutput();
            using var model = T5ForConditionalGeneration.Load(TrainingFixture.Dir("tiny"));
            var log = new List<string>();
            var result = TrainingFixture.Train(model, args(output.Path), data, log: log, run: run);
            Assert.Equal(4, result.State.GlobalStep);                                 // every process trains
            var checkpoints = Directory.Exists(output.Path) ? Directory.GetDirectories(output.Path).Select(Path.GetFileName).Order().ToList() : [];
            if (run.IsMainProcess)
            {
                Assert.Equal(["checkpoint-2", "checkpoint-4"], checkpoints);
                Assert.NotEmpty(log);
            }
            else
            {
                Assert.Empty(checkpoints);
                Assert.Empty(log);
            }
        }
    }

    [Fact]
    public void Early_stopping_ends_training_after_patience_evaluations_without_improvement()
    {
        using var output = new TempOutput();
        using var model = T5ForConditionalGeneration.Load(TrainingFixture.Dir("tiny"));
        var data = TrainingFixture.Examples(24);
        var evaluator = new Seq2SeqEvaluator(model, 8);
        var args = TrainingFixture.Arguments(output.Path) with
        {
            MaxSteps = 10, LearningRate = 0, EvalStrategy = IntervalStrategy.Steps, EvalSteps = 1, EarlyStoppingPatience = 2, SaveStrategy = SaveStrategy.No,
        };
        var result = new Seq2SeqTrainer(model, args, new TrainerHooks
        {
            Generation = GenerationConfig.FromModelConfig(model.Tokens),
            Evaluate = () => evaluator.Run(data.Take(8).ToList(), "eval", null, null).Metrics,
        }, RunContext.Single).Train(data, TrainBatches.For(data, args, RunContext.Single), null);
        Assert.Equal(TrainOutcome.EarlyStopped, result.Outcome);
        Assert.Equal(3, result.State.GlobalStep);            // best at step 1, no improvement at 2 and 3
        Assert.Equal(1, result.State.BestGlobalStep);
        Assert.Equal(3, result.State.LogHistory.Count(e => e.ContainsKey("eval_loss")));
    }

    [Fact]
    public void The_best_checkpoint_is_tracked_and_kept_by_save_total_limit()
    {
        using var output = new TempOutput();
        using var model = T5ForConditionalGeneration.Load(TrainingFixture.Dir("tiny"));
        var data = TrainingFixture.Examples(24);
        var evaluator = new Seq2SeqEvaluator(model, 8);
        var args = TrainingFixture.Arguments(output.Path) with
        {
            MaxSteps = 6, EvalStrategy = IntervalStrategy.Steps, EvalSteps = 2, SaveStrategy = SaveStrategy.Steps, SaveSteps = 2, SaveTotalLimit = 1,
            LoadBestModelAtEnd = true, MetricForBestModel = "loss",
        };
        var result = new Seq2SeqTrainer(model, args, new TrainerHooks
        {
            Generation = GenerationConfig.FromModelConfig(model.Tokens),
            Evaluate = () => evaluator.Run(data.Take(8).ToList(), "eval", null, null).Metrics,
        }, RunContext.Single).Train(data, TrainBatches.For(data, args, RunContext.Single), null);
        var losses = result.State.LogHistory.Where(e => e.ContainsKey("eval_loss")).Select(e => ((int)e["step"]!, (double)e["eval_loss"]!)).ToList();
        int bestStep = losses.MinBy(l => l.Item2).Item1;
        Assert.Equal(Path.Combine(output.Path, $"checkpoint-{bestStep}"), result.State.BestModelCheckpoint);
        var kept = new CheckpointStore(output.Path).List().Select(c => c.Step).ToList();
        Assert.Contains(bestStep, kept);
        Assert.Contains(6, kept);
        Assert.True(kept.Count <= 2);
    }

    [Fact]
    public void Rotation_never_deletes_the_best_or_the_newest()
    {
        using var output = new TempOutput();
        foreach (int step in new[] { 2, 4, 6, 8 })
        {
            Directory.CreateDirectory(Path.Combine(output.Path, $"checkpoint-{step}"));
            File.WriteAllText(Path.Combine(output.Path, $"checkpoint-{step}", TrainingCheckpoint.StateFile), "{}");
        }
        var store = new CheckpointStore(output.Path);
        store.Rotate(1, Path.Combine(output.Path, "checkpoint-4"));
        Assert.Equal([4, 8], store.List().Select(c => c.Step).ToArray());
        store.Rotate(1, null);
        Assert.Equal([8], store.List().Select(c => c.Step).ToArray());
    }

    [Theory]
    [InlineData("linear", 0, 0.0)]
    [InlineData("linear", 1, 0.5)]
    [InlineData("linear", 2, 1.0)]
    [InlineData("linear", 11, 0.5)]
    [InlineData("constant", 0, 1.0)]
    [InlineData("constant_with_warmup", 1, 0.5)]
    [InlineData("cosine", 11, 0.5)]
    [InlineData("inverse_sqrt", 8, 0.5)]
    public void Learning_rate_schedules_follow_transformers(string type, int step, double factor)
    {
        // warmup 2, 20 steps in all (transformers' get_scheduler lambdas)
        var schedule = new LearningRateSchedule(type, 1.0, 2, 20);
        Assert.Equal(factor, schedule.At(step), 9);
    }
}
