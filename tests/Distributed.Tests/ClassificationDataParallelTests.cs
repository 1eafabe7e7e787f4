namespace HfTrain.Distributed.Tests;

/// <summary>The classification runs the tests compare, made once: one process and two ranks under mpirun.</summary>
public sealed class ClassificationRuns : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("hf-train-ddp-cls-").FullName;

    public string One => Path.Combine(_root, "one");            // 1 process × batch 8
    public string Two => Path.Combine(_root, "two");            // 2 ranks × batch 4 (rank 0's --output_dir)
    public string Spare => Path.Combine(_root, "spare");        // rank 1's --output_dir: must stay absent
    public string EvalOne => Path.Combine(_root, "eval-one");   // One's classifier evaluated by one process
    public string EvalTwo => Path.Combine(_root, "eval-two");   // … and by two ranks

    public Lazy<(int Code, string Output)> TrainOne { get; }
    public Lazy<(int Code, string Output)> TrainTwo { get; }
    public Lazy<(int Code, string Output)> EvaluateOne { get; }
    public Lazy<(int Code, string Output)> EvaluateTwo { get; }

    public ClassificationRuns()
    {
        TrainOne = new(() => HfTrainRun.Single([.. Training(batchSize: 8), "--output_dir", One]));
        TrainTwo = new(() => HfTrainRun.World(Training(batchSize: 4), ["--output_dir", Two], ["--output_dir", Spare]));
        EvaluateOne = new(() => HfTrainRun.Single([.. Evaluation(), "--output_dir", EvalOne]));
        EvaluateTwo = new(() => HfTrainRun.World([.. Evaluation(), "--output_dir", EvalTwo], [], []));
    }

    static string Data(string file) => HfTrainRun.Fixture("debian_sections", file);

    /// <summary>64 debian_sections rows in dataset order, 4 steps from the tiny seq2seq model (a fresh head, seeded).</summary>
    static string[] Training(int batchSize) =>
    [
        "classification", "--model_name_or_path", HfTrainRun.Fixture("tiny"), "--do_train", "--train_file", Data("train-3000.jsonl.gz"),
        "--text_column_names", "text", "--max_train_samples", "64", "--max_seq_length", "32", "--per_device_train_batch_size", batchSize.ToString(),
        "--max_steps", "4", "--learning_rate", "1e-4", "--logging_steps", "1", "--save_steps", "2", "--seed", "0", "--train_sampling_strategy", "sequential",
    ];

    /// <summary>One's trained classifier on the first 30 of its training rows (their labels are the 12 it knows; batches
    /// of 4, the last one short, so the ranks' shares differ), and predictions for 9 rows.</summary>
    string[] Evaluation()
    {
        DataParallelRuns.Succeeded(TrainOne.Value);
        return
        [
            "classification", "--model_name_or_path", One, "--do_eval", "--do_predict", "--validation_file", Data("train-3000.jsonl.gz"),
            "--test_file", Data("train-3000.jsonl.gz"), "--text_column_names", "text", "--max_eval_samples", "30", "--max_predict_samples", "9",
            "--max_seq_length", "32", "--per_device_eval_batch_size", "4", "--seed", "0",
        ];
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

/// <summary>
/// run_classification.py under DDP, run for real: two ranks of batch 4 under mpirun train as one process of batch 8,
/// only rank 0 writes, and sharded evaluation and prediction give one process's numbers, predict_results.txt and
/// confusion matrix.
/// </summary>
public sealed class ClassificationDataParallelTests(ClassificationRuns runs) : IClassFixture<ClassificationRuns>
{
    [Fact]
    public void Two_ranks_of_batch_4_train_a_classifier_as_one_process_of_batch_8()
    {
        DataParallelRuns.Succeeded(runs.TrainOne.Value);
        DataParallelRuns.Succeeded(runs.TrainTwo.Value);
        Assert.Contains("World: 2 processes, backend mpi", runs.TrainTwo.Value.Output);
        TrainedRunFiles.AssertSameLosses(runs.One, runs.Two, steps: 4);
        Assert.Contains("classification_head.out_proj.weight", TrainedRunFiles.ReadFloat32(Path.Combine(runs.One, "model.safetensors")).Keys);
        double worst = TrainedRunFiles.LargestWeightDifference(runs.One, runs.Two);
        Assert.True(worst <= 1e-5, $"largest weight difference {worst}");
        Assert.False(Directory.Exists(runs.Spare), "rank 1 created its --output_dir");
    }

    [Fact]
    public void Sharded_evaluation_and_prediction_give_the_numbers_and_files_of_one_process()
    {
        DataParallelRuns.Succeeded(runs.EvaluateOne.Value);
        DataParallelRuns.Succeeded(runs.EvaluateTwo.Value);
        string[] predicted = File.ReadAllLines(Path.Combine(runs.EvalOne, "predict_results.txt"));
        Assert.Equal(10, predicted.Length);
        Assert.Equal(File.ReadAllText(Path.Combine(runs.EvalOne, "predict_results.txt")), File.ReadAllText(Path.Combine(runs.EvalTwo, "predict_results.txt")));
        Assert.Equal(File.ReadAllText(Path.Combine(runs.EvalOne, "confusion_matrix.csv")), File.ReadAllText(Path.Combine(runs.EvalTwo, "confusion_matrix.csv")));
        var one = HfTrainRun.Results(runs.EvalOne, "eval_results.json");
        var two = HfTrainRun.Results(runs.EvalTwo, "eval_results.json");
        Assert.Equal(30, (int)one["eval_samples"]!);
        foreach (var (key, value) in one.Where(kv => !kv.Key.Contains("runtime") && !kv.Key.Contains("per_second")))
            Assert.True((double)value! == (double)two[key]!, $"eval_results.json {key}: {two[key]} on 2 ranks, {value} on 1 process");
    }
}
