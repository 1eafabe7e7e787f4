using System.Diagnostics;
using System.Text.Json.Nodes;

namespace HfTrain.Distributed.Tests;

/// <summary>
/// Runs the hf-train built beside these tests as real processes: one process, or a world of ranks under
/// <c>mpirun --oversubscribe</c> (each rank may get its own extra arguments, through mpirun's MPMD form
/// <c>-np 1 A : -np 1 B</c>). Small settings on the tiny fixture model keep a run to seconds.
/// </summary>
internal static class HfTrainRun
{
    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    static string Tool => Path.Combine(AppContext.BaseDirectory, "hf-train.dll");

    /// <summary>Train on the 24 summarization rows in dataset order, 4 steps, checkpoints every 2, a loss every step.
    /// The learning rate is 1e-4: where a gradient element is near adam_epsilon (1e-8), AdamW's update is about
    /// lr · g / eps, so the float reduction-order noise of summing over ranks (~1e-10 in g) moves a weight by about
    /// lr · 1e-2 — 1e-5 at lr 1e-3, at the edge of the 1e-5 the weights are held to; 1e-6 at 1e-4.</summary>
    public static string[] Training(int batchSize) =>
    [
        "summarization", "--model_name_or_path", Fixture("tiny"), "--do_train", "--train_file", Fixture("workflow", "summarization-train.jsonl"),
        "--source_prefix", "summarize: ", "--per_device_train_batch_size", batchSize.ToString(), "--max_steps", "4", "--learning_rate", "1e-4",
        "--max_source_length", "64", "--max_target_length", "16", "--logging_steps", "1", "--save_steps", "2", "--seed", "0",
        "--train_sampling_strategy", "sequential",
    ];

    /// <summary>Evaluate and predict with generation on the 12 validation rows with the trained tiny model (no training):
    /// ROUGE, losses, predictions.</summary>
    public static string[] Prediction() =>
    [
        "summarization", "--model_name_or_path", Fixture("tiny-trained"), "--do_eval", "--do_predict", "--predict_with_generate",
        "--validation_file", Fixture("workflow", "summarization-validation.jsonl"), "--test_file", Fixture("workflow", "summarization-validation.jsonl"),
        "--source_prefix", "summarize: ", "--per_device_eval_batch_size", "2", "--max_source_length", "64", "--max_target_length", "16",
        "--generation_max_length", "8", "--seed", "0",
    ];

    public static (int Code, string Output) Single(params string[] args) => Single(new Dictionary<string, string>(), args);

    /// <summary>One process with extra environment variables (a launcher's, for a world of one).</summary>
    public static (int Code, string Output) Single(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(MpiRun.Dotnet()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { Tool }.Concat(args))
            start.ArgumentList.Add(a);
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["TERM"] = "dumb";
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"hf-train did not finish within 3 minutes:\n{output.Result}\n{errors.Result}");
        }
        return (process.ExitCode, output.Result + errors.Result);
    }

    /// <summary>One rank per element of <paramref name="perRank"/>, each with the shared arguments and its own.</summary>
    public static (int Code, string Output) World(string[] args, params string[][] perRank)
    {
        var command = new List<string>();
        foreach (string[] own in perRank)
        {
            if (command.Count > 0)
                command.Add(":");
            command.AddRange(["-np", "1", MpiRun.Dotnet(), Tool, .. args, .. own]);
        }
        var (code, output, errors) = MpiRun.Start(command);
        return (code, output + errors);
    }

    public static JsonObject Results(string outputDir, string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(outputDir, file)))!.AsObject();
}
