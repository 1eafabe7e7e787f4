using System.Diagnostics;
using System.Text.Json;
using HfTrain.Abstractions;
using HfTrain.Data.Samples;
using HfTrain.Host.Jobs;

namespace HfTrain.Host.Launch;

/// <summary>
/// <c>hf-train test</c>'s training check: two steps of the starter T5's shape (from scratch, dropout off so that ranks and one
/// process draw no different masks) on 64 rows of the embedded summarization sample, once on the world (batch 2 per
/// rank) and once as one process (batch 2 × world); the logged losses must agree within 1e-4 relative.
/// </summary>
internal sealed class TrainingCheck(WorkerCommand worker, TextWriter report)
{
    const int PerRank = 2, Rows = 64;

    /// <summary>The task options of both runs; the batch size and output folder come on top.</summary>
    public static List<string> Task(string folder) =>
    [
        "summarization", "--config_name", Path.Combine(folder, "config.json"), "--tokenizer_name", ModelSource.StarterDir,
        "--train_file", Path.Combine(folder, "train.jsonl"), "--do_train", "--max_steps", "2", "--logging_steps", "1",
        "--seed", "0", "--train_sampling_strategy", "sequential", "--max_source_length", "64", "--max_target_length", "16",
        "--report_to", "none",
    ];

    /// <summary>Writes the data and the model configuration the runs read.</summary>
    public static void Prepare(string folder)
    {
        string config = File.ReadAllText(Path.Combine(ModelSource.StarterDir, "config.json"));
        File.WriteAllText(Path.Combine(folder, "config.json"), config.Replace("\"dropout_rate\": 0.1", "\"dropout_rate\": 0.0", StringComparison.Ordinal));
        using var train = new StreamWriter(Path.Combine(folder, "train.jsonl"));
        foreach (DataRow row in EmbeddedSamples.Open("summarization", DataSplit.Train).Rows.Take(Rows))
            train.WriteLine(JsonSerializer.Serialize(row.Values));
    }

    /// <summary>Runs one process of batch 2 × <paramref name="worldSize"/>; its exit code and output.</summary>
    public (int Code, string Output) RunSingle(string folder, int worldSize)
    {
        var command = worker.For([.. Task(folder), "--per_device_train_batch_size", (PerRank * worldSize).ToString(System.Globalization.CultureInfo.InvariantCulture), "--output_dir", Path.Combine(folder, "one")]);
        var start = ProcessTree.Piped(command);
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + errors.Result);
    }

    public static IReadOnlyList<string> WorldTask(string folder) =>
        [.. Task(folder), "--per_device_train_batch_size", PerRank.ToString(System.Globalization.CultureInfo.InvariantCulture), "--output_dir", Path.Combine(folder, "world")];

    /// <summary>Compares the logged losses; prints the line; true when they agree.</summary>
    public bool Compare(string folder, int worldSize)
    {
        double[] one = WorldCheck.LoggedLosses(Path.Combine(folder, "one"));
        double[] world = WorldCheck.LoggedLosses(Path.Combine(folder, "world"));
        bool same = one.Length == 2 && world.Length == one.Length && one.Zip(world).All(p => Math.Abs(p.First - p.Second) <= 1e-4 * Math.Abs(p.First));
        report.WriteLine($"test: training: 2 steps on {worldSize} ranks × batch {PerRank} {(same ? "match" : "DO NOT MATCH")} one process × batch {PerRank * worldSize} " +
            $"(losses {WorldCheck.Format(world)} vs {WorldCheck.Format(one)})");
        return same;
    }
}
