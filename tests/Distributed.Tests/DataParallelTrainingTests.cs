namespace HfTrain.Distributed.Tests;

/// <summary>The runs the tests compare, made once: hf-train as one process and as two ranks under mpirun.</summary>
public sealed class DataParallelRuns : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("hf-train-ddp-").FullName;

    public string One => Path.Combine(_root, "one");          // 1 process × batch 8
    public string Two => Path.Combine(_root, "two");          // 2 ranks × batch 4 (rank 0's --output_dir)
    public string Spare => Path.Combine(_root, "spare");      // rank 1's --output_dir: must stay absent
    public string Resumed => Path.Combine(_root, "resumed");  // 2 ranks from two/checkpoint-2
    public string AccumulateOne => Path.Combine(_root, "accumulate-one");   // 1 process × batch 4 × 2 accumulation steps
    public string AccumulateTwo => Path.Combine(_root, "accumulate-two");   // 2 ranks × batch 2 × 2 accumulation steps
    public string PredictOne => Path.Combine(_root, "predict-one");
    public string PredictTwo => Path.Combine(_root, "predict-two");

    public Lazy<(int Code, string Output)> TrainOne { get; }
    public Lazy<(int Code, string Output)> TrainTwo { get; }
    public Lazy<(int Code, string Output)> ResumeTwo { get; }
    public Lazy<(int Code, string Output)> AccumulationOne { get; }
    public Lazy<(int Code, string Output)> AccumulationTwo { get; }
    public Lazy<(int Code, string Output)> PredictionOne { get; }
    public Lazy<(int Code, string Output)> PredictionTwo { get; }

    public DataParallelRuns()
    {
        TrainOne = new(() => HfTrainRun.Single([.. HfTrainRun.Training(batchSize: 8), "--output_dir", One]));
        TrainTwo = new(() => HfTrainRun.World(HfTrainRun.Training(batchSize: 4), ["--output_dir", Two], ["--output_dir", Spare]));
        ResumeTwo = new(() =>
        {
            Succeeded(TrainTwo.Value);
            return HfTrainRun.World([.. HfTrainRun.Training(batchSize: 4), "--resume_from_checkpoint", Path.Combine(Two, "checkpoint-2"), "--output_dir", Resumed], [], []);
        });
        AccumulationOne = new(() => HfTrainRun.Single([.. HfTrainRun.Training(batchSize: 4), "--gradient_accumulation_steps", "2", "--output_dir", AccumulateOne]));
        AccumulationTwo = new(() => HfTrainRun.World([.. HfTrainRun.Training(batchSize: 2), "--gradient_accumulation_steps", "2", "--output_dir", AccumulateTwo], [], []));
        PredictionOne = new(() => HfTrainRun.Single([.. HfTrainRun.Prediction(), "--output_dir", PredictOne]));
        PredictionTwo = new(() => HfTrainRun.World([.. HfTrainRun.Prediction(), "--output_dir", PredictTwo], [], []));
    }

    public static void Succeeded((int Code, string Output) run) => Assert.True(run.Code == 0, $"exit {run.Code}:\n{run.Output}");

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

/// <summary>
/// HF Trainer under DDP, run for real: two ranks of batch 4 under mpirun train as one process of batch 8 (losses and
/// weights), only rank 0 writes, checkpoints resume bit for bit at world 2, and sharded evaluation and prediction
/// give one process's numbers and generated_predictions.txt.
/// </summary>
public sealed class DataParallelTrainingTests(DataParallelRuns runs) : IClassFixture<DataParallelRuns>
{
    [Fact]
    public void Two_ranks_of_batch_4_log_the_losses_of_one_process_of_batch_8()
    {
        DataParallelRuns.Succeeded(runs.TrainOne.Value);
        DataParallelRuns.Succeeded(runs.TrainTwo.Value);
        TrainedRunFiles.AssertSameLosses(runs.One, runs.Two, steps: 4);
        Assert.Contains("Total train batch size (w. parallel, distributed & accumulation) = 8", runs.TrainTwo.Value.Output);
    }

    [Fact]
    public void Two_ranks_end_with_the_weights_of_one_process()
    {
        DataParallelRuns.Succeeded(runs.TrainOne.Value);
        DataParallelRuns.Succeeded(runs.TrainTwo.Value);
        var one = TrainedRunFiles.ReadFloat32(Path.Combine(runs.One, "model.safetensors"));
        var two = TrainedRunFiles.ReadFloat32(Path.Combine(runs.Two, "model.safetensors"));
        var initial = TrainedRunFiles.ReadFloat32(HfTrainRun.Fixture("tiny", "model.safetensors"));
        Assert.Equal(one.Keys.Order(), two.Keys.Order());
        double worst = 0, moved = 0;
        string worstName = "";
        foreach (var (name, values) in one)
        {
            for (int i = 0; i < values.Length; i++)
            {
                if (Math.Abs(values[i] - two[name][i]) > worst)
                    (worst, worstName) = (Math.Abs(values[i] - two[name][i]), $"{name}[{i}]: {values[i]} vs {two[name][i]}");
                if (initial.TryGetValue(name, out var start))
                    moved = Math.Max(moved, Math.Abs(values[i] - start[i]));
            }
        }
        Assert.True(worst <= 1e-5, $"largest weight difference {worst} at {worstName}");
        Assert.True(moved > 1e-4, $"training moved no weight (largest change {moved}): the comparison would prove nothing");
    }

    [Fact]
    public void Gradient_accumulation_on_two_ranks_matches_one_process_with_the_same_global_micro_batch()
    {
        DataParallelRuns.Succeeded(runs.AccumulationOne.Value);
        DataParallelRuns.Succeeded(runs.AccumulationTwo.Value);
        TrainedRunFiles.AssertSameLosses(runs.AccumulateOne, runs.AccumulateTwo, steps: 4);
        double worst = TrainedRunFiles.LargestWeightDifference(runs.AccumulateOne, runs.AccumulateTwo);
        Assert.True(worst <= 1e-5, $"largest weight difference {worst}");
    }

    [Fact]
    public void Only_rank_0_writes_the_output_folder()
    {
        DataParallelRuns.Succeeded(runs.TrainOne.Value);
        DataParallelRuns.Succeeded(runs.TrainTwo.Value);
        Assert.False(Directory.Exists(runs.Spare), "rank 1 created its --output_dir");
        static string[] Files(string dir) => Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f)).Where(f => !f.StartsWith("runs", StringComparison.Ordinal)).Order().ToArray();
        string[] expected = [.. Files(runs.One), "checkpoint-2/rng_state_1.safetensors", "checkpoint-4/rng_state_1.safetensors"];
        Assert.Equal(expected.Order(), Files(runs.Two));
    }

    [Fact]
    public void Resuming_two_ranks_from_a_checkpoint_is_bit_identical()
    {
        DataParallelRuns.Succeeded(runs.ResumeTwo.Value);
        Assert.Contains("Resuming from", runs.ResumeTwo.Value.Output);
        Assert.Equal(TrainedRunFiles.LoggedLosses(runs.Two), TrainedRunFiles.LoggedLosses(runs.Resumed));
        Assert.Equal(File.ReadAllBytes(Path.Combine(runs.Two, "model.safetensors")), File.ReadAllBytes(Path.Combine(runs.Resumed, "model.safetensors")));
    }

    [Fact]
    public void Sharded_evaluation_and_prediction_give_the_numbers_and_predictions_of_one_process()
    {
        DataParallelRuns.Succeeded(runs.PredictionOne.Value);
        DataParallelRuns.Succeeded(runs.PredictionTwo.Value);
        string predictions = File.ReadAllText(Path.Combine(runs.PredictOne, "generated_predictions.txt"));
        string[] lines = File.ReadAllLines(Path.Combine(runs.PredictOne, "generated_predictions.txt"));
        Assert.Equal(12, lines.Length);
        Assert.True(lines.Distinct().Count() > 2, $"the predictions are too alike to show their order:\n{predictions}");
        Assert.Equal(predictions, File.ReadAllText(Path.Combine(runs.PredictTwo, "generated_predictions.txt")));
        foreach (string file in new[] { "eval_results.json", "predict_results.json" })
        {
            var one = HfTrainRun.Results(runs.PredictOne, file);
            var two = HfTrainRun.Results(runs.PredictTwo, file);
            foreach (var (key, value) in one.Where(kv => !kv.Key.Contains("runtime") && !kv.Key.Contains("per_second")))
                Assert.True((double)value! == (double)two[key]!, $"{file} {key}: {two[key]} on 2 ranks, {value} on 1 process");
        }
    }
}
