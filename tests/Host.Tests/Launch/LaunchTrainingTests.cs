namespace HfTrain.Host.Tests.Launch;

/// <summary>The two runs compared, made once: one process of batch 8, and <c>hf-train launch --nproc_per_node 2</c> of batch 4.</summary>
public sealed class LaunchedTrainingRuns : IDisposable
{
    readonly TempDir _root = new();

    public string One => Path.Combine(_root.Path, "one");
    public string Two => Path.Combine(_root.Path, "two");

    public Lazy<(int Code, string Output, string Error)> TrainOne { get; }
    public Lazy<(int Code, string Output, string Error)> TrainTwo { get; }

    public LaunchedTrainingRuns()
    {
        TrainOne = new(() => Run([.. Training(8), "--output_dir", One]));
        TrainTwo = new(() => Run(["launch", "--nproc_per_node", "2", "--backend", "mpi", .. Training(4), "--output_dir", Two]));
    }

    static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    /// <summary>The tiny model on the 24 summarization rows in order, 4 steps, a loss every step, checkpoints every 2;
    /// lr 1e-4 keeps AdamW's lr · g / eps amplification of reduction-order noise below the 1e-5 weight tolerance.</summary>
    static string[] Training(int batchSize) =>
    [
        "summarization", "--model_name_or_path", Fixture("tiny"), "--do_train", "--train_file", Fixture("workflow", "summarization-train.jsonl"),
        "--source_prefix", "summarize: ", "--per_device_train_batch_size", batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--max_steps", "4", "--learning_rate", "1e-4", "--max_source_length", "64", "--max_target_length", "16", "--logging_steps", "1",
        "--save_steps", "2", "--seed", "0", "--train_sampling_strategy", "sequential",
    ];

    static (int, string, string) Run(string[] args)
    {
        using var tool = new LaunchedTool(args);
        int code = tool.Exit();
        return (code, tool.Output, tool.Error);
    }

    public static void Succeeded((int Code, string Output, string Error) run) =>
        Assert.True(run.Code == 0, $"exit {run.Code}:\n{run.Output}\n{run.Error}");

    public void Dispose() => _root.Dispose();
}

/// <summary>
/// The "done when" on CPU, through the launcher: <c>hf-train launch --nproc_per_node 2</c> with batch 4 logs
/// the losses of one process with batch 8 (1e-4 relative) and ends with its weights (1e-5); only rank 0 writes.
/// </summary>
[Collection(LaunchCollection.Name)]
public sealed class LaunchTrainingTests(LaunchedTrainingRuns runs) : IClassFixture<LaunchedTrainingRuns>
{
    [Fact]
    public void Two_launched_ranks_of_batch_4_log_the_losses_of_one_process_of_batch_8()
    {
        LaunchedTrainingRuns.Succeeded(runs.TrainOne.Value);
        LaunchedTrainingRuns.Succeeded(runs.TrainTwo.Value);
        TrainedRunFiles.AssertSameLosses(runs.One, runs.Two, steps: 4);
    }

    [Fact]
    public void Two_launched_ranks_end_with_the_weights_of_one_process()
    {
        LaunchedTrainingRuns.Succeeded(runs.TrainOne.Value);
        LaunchedTrainingRuns.Succeeded(runs.TrainTwo.Value);
        double worst = TrainedRunFiles.LargestWeightDifference(runs.One, runs.Two);
        Assert.True(worst <= 1e-5, $"largest weight difference {worst}");
    }

    [Fact]
    public void Only_rank_0_writes_the_output_folder_and_the_main_ranks_lines_are_unprefixed()
    {
        LaunchedTrainingRuns.Succeeded(runs.TrainOne.Value);
        LaunchedTrainingRuns.Succeeded(runs.TrainTwo.Value);
        static string[] Files(string dir) => Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f)).Where(f => !f.StartsWith("runs", StringComparison.Ordinal)).Order().ToArray();
        string[] expected = [.. Files(runs.One), "checkpoint-2/rng_state_1.safetensors", "checkpoint-4/rng_state_1.safetensors"];
        Assert.Equal(expected.Order(), Files(runs.Two));
        string all = runs.TrainTwo.Value.Output + "\n" + runs.TrainTwo.Value.Error;
        Assert.Contains("***** train metrics *****", all);
        Assert.DoesNotContain("[rank1]: ***** train metrics *****", all);
    }
}
