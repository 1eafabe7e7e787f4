using HfTrain.Abstractions;
using HfTrain.Engine.Checkpoints;
using HfTrain.Engine.Models;
using HfTrain.Engine.Models.T5;
using HfTrain.Engine.Runs;
using HfTrain.Engine.Training;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Training;

/// <summary>
/// A run stopped at any step and resumed from its checkpoint ends with bit-identical weights to an uninterrupted
/// run: shuffled data across epoch boundaries, gradient accumulation, and dropout (so the RNG state matters).
/// 80 rows, batch 8, accumulation 2: 10 micro-batches = 5 optimizer steps per epoch; 12 steps = 2.4 epochs.
/// </summary>
public sealed class ExactResumeTests
{
    static readonly IReadOnlyList<Seq2SeqExample> Data = TrainingFixture.Examples(80);

    static TrainingArguments Args(string dir) => TrainingFixture.Arguments(dir) with
    {
        MaxSteps = 12,
        GradientAccumulationSteps = 2,
        TrainSamplingStrategy = SamplingStrategy.Random,
        SaveStrategy = SaveStrategy.Steps,
        SaveSteps = 3,
        Seed = 7,
    };

    static T5ForConditionalGeneration Model()
    {
        string dir = TrainingFixture.Dir("tiny");
        var config = T5Config.Load(Path.Combine(dir, "config.json")) with { DropoutRate = 0.1 };
        var model = new T5ForConditionalGeneration(config, initialize: false);
        var weights = CheckpointFiles.LoadStateDict(dir);
        model.LoadWeights(weights);
        foreach (var t in weights.Values)
            t.Dispose();
        return model;
    }

    static Dictionary<string, float[]> Weights(T5ForConditionalGeneration model) =>
        model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().cpu().data<float>().ToArray());

    static Dictionary<string, float[]> Uninterrupted(out string dir, TempOutput output)
    {
        manual_seed(7);
        using var model = Model();
        dir = output.Path;
        TrainingFixture.Train(model, Args(dir), Data);
        return Weights(model);
    }

    [Theory]
    [InlineData(5)]     // at an epoch boundary
    [InlineData(7)]     // in the middle of the second epoch
    [InlineData(11)]    // in the third epoch, past the last regular checkpoint
    public void Stopping_at_a_step_and_resuming_ends_with_bit_identical_weights(int stopAt)
    {
        using var first = new TempOutput();
        var expected = Uninterrupted(out _, first);

        using var second = new TempOutput();
        using var stop = new CancellationTokenSource();
        manual_seed(7);
        using (var model = Model())
        {
            var args = Args(second.Path) with { LoggingSteps = 1 };
            var result = new Seq2SeqTrainer(model, args, new TrainerHooks
            {
                Generation = HfTrain.Engine.Models.GenerationConfig.FromModelConfig(model.Tokens),
                Log = line => { if (line.Contains($"[step {stopAt}/", StringComparison.Ordinal)) stop.Cancel(); },
                Stop = stop.Token,
            }, RunContext.Single).Train(Data, TrainBatches.For(Data, args, RunContext.Single), null);
            Assert.Equal(TrainOutcome.Interrupted, result.Outcome);
            Assert.Equal(stopAt, result.State.GlobalStep);
        }
        string checkpoint = Path.Combine(second.Path, $"checkpoint-{stopAt}");
        manual_seed(12345);                                  // resume must not depend on the process's RNG
        using var resumed = Model();
        var final = TrainingFixture.Train(resumed, Args(second.Path), Data, resumeFrom: checkpoint);
        Assert.Equal(12, final.State.GlobalStep);
        AssertIdentical(expected, Weights(resumed));
    }

    [Fact]
    public void Resuming_from_a_regular_checkpoint_after_a_crash_inside_accumulation_is_exact()
    {
        // a crash (kill -9) after step 6, in the middle of step 7's accumulation, leaves checkpoint-6 as the newest
        using var first = new TempOutput();
        var expected = Uninterrupted(out string dir, first);
        using var second = new TempOutput();
        CopyDirectory(Path.Combine(dir, "checkpoint-6"), Path.Combine(second.Path, "checkpoint-6"));
        Assert.Equal(Path.Combine(second.Path, "checkpoint-6"), new CheckpointStore(second.Path).Latest());
        using var resumed = Model();
        TrainingFixture.Train(resumed, Args(second.Path), Data, resumeFrom: Path.Combine(second.Path, "checkpoint-6"));
        AssertIdentical(expected, Weights(resumed));
    }

    [Fact]
    public void Checkpoints_hold_what_resume_needs_and_save_total_limit_keeps_the_newest()
    {
        using var output = new TempOutput();
        manual_seed(7);
        using var model = Model();
        TrainingFixture.Train(model, Args(output.Path) with { SaveTotalLimit = 2 }, Data);
        var store = new CheckpointStore(output.Path);
        Assert.Equal([9, 12], store.List().Select(c => c.Step).ToArray());
        foreach (string file in new[] { "model.safetensors", "config.json", "generation_config.json", "optimizer.safetensors",
                     "scheduler.json", "rng_state.safetensors", "data_position.json", "trainer_state.json", "training_args.json" })
            Assert.True(File.Exists(Path.Combine(output.Path, "checkpoint-12", file)), file);
        Assert.Empty(Directory.GetDirectories(output.Path, ".checkpoint-*"));
    }

    static void AssertIdentical(Dictionary<string, float[]> expected, Dictionary<string, float[]> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, values) in expected)
            Assert.True(values.AsSpan().SequenceEqual(actual[name]), $"{name} differs");
    }

    static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
