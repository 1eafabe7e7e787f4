using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace HfTrain.EndToEnd.Tests;

/// <summary>The installed tool trains, survives SIGTERM and kill -9, and resumes exactly.</summary>
[Collection(nameof(InstalledTool))]
public sealed class TrainingRunTests(InstalledTool tool)
{
    static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    static string[] Training(string output, int steps) =>
    [
        "summarization", "--model_name_or_path", Fixture("tiny"), "--do_train", "--train_file", Fixture("workflow", "summarization-train.jsonl"),
        "--source_prefix", "summarize: ", "--per_device_train_batch_size", "2", "--max_steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--save_steps", "3", "--logging_steps", "1", "--learning_rate", "1e-3", "--seed", "3", "--max_source_length", "64",
        "--output_dir", output,
    ];

    [Fact]
    public void The_embedded_demo_trains_evaluates_and_predicts_with_no_data_and_no_model_given()
    {
        string output = tool.NewFolder("demo");
        var (code, stdout, stderr) = tool.Run(["summarization", "--do_train", "--do_eval", "--do_predict", "--predict_with_generate",
            "--max_steps", "10", "--max_eval_samples", "8", "--max_predict_samples", "8", "--max_source_length", "128",
            "--val_max_target_length", "16", "--output_dir", output, "--overwrite_output_dir"]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("embedded sample", stdout);
        Assert.Contains("Model: hf-train/starter-t5, the embedded starter T5", stdout);
        Assert.Contains("fine-tuned version of hf-train/starter-t5", File.ReadAllText(Path.Combine(output, "README.md")));
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "all_results.json")))!.AsObject();
        Assert.True(results.ContainsKey("eval_rouge1"));
        Assert.Equal(8, File.ReadAllLines(Path.Combine(output, "generated_predictions.txt")).Length);
        Assert.Contains("***** 3 example predictions *****", stdout);
        Assert.Contains("  reference:  ", stdout);
    }

    [Fact]
    public void Sigterm_saves_a_checkpoint_and_the_same_command_resumes_to_the_same_weights()
    {
        string reference = tool.NewFolder("sigterm-reference");
        Assert.Equal(0, tool.Run(Training(reference, 8)).Code);

        string output = tool.NewFolder("sigterm");
        using (var running = tool.Start(Training(output, 8)))
        {
            running.WaitUntil(() => running.Output.Contains("[step 4/8", StringComparison.Ordinal), TimeSpan.FromMinutes(3), "step 4");
            Assert.Equal(0, Kill(running.Process.Id, 15));
            int code = running.WaitForExit(TimeSpan.FromMinutes(2));
            Assert.True(code == 130, running.Output);
            Assert.Contains("checkpoint saved", running.Output);
        }
        var (resumeCode, stdout, stderr) = tool.Run(Training(output, 8));
        Assert.True(resumeCode == 0, stdout + stderr);
        Assert.Contains("Checkpoint detected, resuming training", stdout);
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "model.safetensors")), File.ReadAllBytes(Path.Combine(output, "model.safetensors")));
    }

    [Fact]
    public void Kill_9_leaves_only_complete_checkpoints_and_resuming_ends_with_the_same_weights()
    {
        string reference = tool.NewFolder("kill-reference");
        Assert.Equal(0, tool.Run(Training(reference, 8)).Code);

        string output = tool.NewFolder("kill");
        using (var running = tool.Start(Training(output, 8)))
        {
            running.WaitUntil(() => running.Output.Contains("[step 5/8", StringComparison.Ordinal), TimeSpan.FromMinutes(3), "step 5");
            Assert.Equal(0, Kill(running.Process.Id, 9));
            running.Process.WaitForExit();
        }
        foreach (string checkpoint in Directory.GetDirectories(output, "checkpoint-*"))
            Assert.True(File.Exists(Path.Combine(checkpoint, "trainer_state.json")), $"{checkpoint} looks like a checkpoint but is incomplete");
        string newest = Directory.GetDirectories(output, "checkpoint-*").Max(d => int.Parse(Path.GetFileName(d)["checkpoint-".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (code, stdout, stderr) = tool.Run(Training(output, 8));
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains($"resuming training at {Path.Combine(output, "checkpoint-" + newest)}", stdout);
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "model.safetensors")), File.ReadAllBytes(Path.Combine(output, "model.safetensors")));
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);
}
