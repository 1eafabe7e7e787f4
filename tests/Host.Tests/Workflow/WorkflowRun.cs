using System.Text.Json.Nodes;

namespace HfTrain.Host.Tests.Workflow;

/// <summary>Runs hf-train in-process on the tiny fixture model with small, fast settings; the output folder is temporary.</summary>
internal sealed class WorkflowRun : IDisposable
{
    readonly TempDir _dir = new();

    public string OutputDir => Path.Combine(_dir.Path, "out");

    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    /// <summary>Settings that keep a run to seconds: 4 steps, tiny batches, short generations.</summary>
    public static readonly string[] Fast =
    [
        "--per_device_train_batch_size", "4", "--per_device_eval_batch_size", "4", "--max_steps", "4", "--learning_rate", "1e-3",
        "--max_source_length", "64", "--max_target_length", "16", "--generation_max_length", "8", "--save_steps", "2",
        "--logging_steps", "2", "--seed", "0",
    ];

    public (int Code, string Output, string Error) Run(params string[] args) =>
        new HostHarness().Run([.. args, "--output_dir", OutputDir]);

    public JsonObject Results(string file = "all_results.json") =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(OutputDir, file)))!.AsObject();

    public void Dispose() => _dir.Dispose();
}
