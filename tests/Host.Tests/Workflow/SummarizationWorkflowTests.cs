namespace HfTrain.Host.Tests.Workflow;

/// <summary>The seed workflow of run_summarization.py, end to end on CPU with the tiny fixture model.</summary>
public sealed class SummarizationWorkflowTests
{
    static readonly string Model = WorkflowRun.Fixture("tiny");
    static readonly string Train = WorkflowRun.Fixture("workflow", "summarization-train.jsonl");
    static readonly string Validation = WorkflowRun.Fixture("workflow", "summarization-validation.jsonl");

    [Fact]
    public void Train_eval_and_predict_with_generate_write_the_files_hf_writes()
    {
        using var run = new WorkflowRun();
        var (code, output, error) = run.Run([
            "summarization", "--model_name_or_path", Model, "--do_train", "--do_eval", "--do_predict", "--predict_with_generate",
            "--train_file", Train, "--validation_file", Validation, "--test_file", Validation, "--source_prefix", "summarize: ",
            "--max_eval_samples", "8", "--max_predict_samples", "6", "--report_to", "tensorboard", .. WorkflowRun.Fast]);
        Assert.True(code == 0, output + error);
        var all = run.Results();
        foreach (string key in new[] { "train_loss", "train_runtime", "train_samples_per_second", "train_steps_per_second", "train_samples", "epoch",
                     "eval_loss", "eval_rouge1", "eval_rouge2", "eval_rougeL", "eval_rougeLsum", "eval_gen_len", "eval_samples", "eval_runtime",
                     "predict_loss", "predict_rouge1", "predict_gen_len", "predict_samples" })
            Assert.True(all.ContainsKey(key), $"all_results.json lacks {key}");
        Assert.Equal(24, (int)all["train_samples"]!);
        Assert.Equal(8, (int)all["eval_samples"]!);
        Assert.Equal(6, (int)all["predict_samples"]!);
        Assert.InRange((double)all["eval_gen_len"]!, 1, 8);
        foreach (string file in new[] { "train_results.json", "eval_results.json", "predict_results.json", "trainer_state.json",
                     "config.json", "generation_config.json", "model.safetensors", "tokenizer.json", "checkpoint-2/model.safetensors",
                     "checkpoint-4/trainer_state.json" })
            Assert.True(File.Exists(Path.Combine(run.OutputDir, file)), file);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(run.OutputDir, "generated_predictions.txt")).Length);
        string card = File.ReadAllText(Path.Combine(run.OutputDir, "README.md"));
        Assert.Contains("generated_from_trainer", card);
        Assert.Contains("learning_rate: 0.001", card);
        Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(run.OutputDir, "training_plot.svg")).TrimStart().Split('\n').First(l => l.StartsWith("<svg")));
        Assert.Single(Directory.GetFiles(Path.Combine(run.OutputDir, "runs"), "events.out.tfevents.*", SearchOption.AllDirectories));
        Assert.Contains("'loss':", output);
    }

    [Fact]
    public void A_csv_file_with_its_own_column_names()
    {
        using var run = new WorkflowRun();
        var (code, output, error) = run.Run([
            "summarization", "--model_name_or_path", Model, "--do_train", "--do_eval", "--train_file", WorkflowRun.Fixture("workflow", "summarization-train.csv"),
            "--validation_file", WorkflowRun.Fixture("workflow", "summarization-train.csv"), "--text_column", "description",
            "--summary_column", "synopsis", "--max_eval_samples", "4", .. WorkflowRun.Fast]);
        Assert.True(code == 0, output + error);
        Assert.Equal(24, (int)run.Results()["train_samples"]!);
        Assert.True(run.Results().ContainsKey("eval_loss"));
    }

    [Fact]
    public void A_json_lines_file_with_its_own_column_names_and_max_samples()
    {
        using var run = new WorkflowRun();
        var (code, output, error) = run.Run([
            "summarization", "--model_name_or_path", Model, "--do_train", "--train_file", WorkflowRun.Fixture("workflow", "summarization-custom.jsonl"),
            "--text_column", "text", "--summary_column", "headline", "--max_train_samples", "10", .. WorkflowRun.Fast]);
        Assert.True(code == 0, output + error);
        Assert.Equal(10, (int)run.Results()["train_samples"]!);
    }

    [Fact]
    public void A_wrong_column_name_lists_the_columns_that_exist()
    {
        using var run = new WorkflowRun();
        var (code, _, error) = run.Run([
            "summarization", "--model_name_or_path", Model, "--do_train", "--train_file", WorkflowRun.Fixture("workflow", "summarization-custom.jsonl"),
            "--text_column", "article", .. WorkflowRun.Fast]);
        Assert.Equal(2, code);
        Assert.Contains("'article'", error);
        Assert.Contains("text, headline, id", error);
        Assert.False(File.Exists(Path.Combine(run.OutputDir, "model.safetensors")));
    }

    [Fact]
    public void A_hub_layout_folder_works_as_dataset_name()
    {
        using var run = new WorkflowRun();
        var (code, output, error) = run.Run([
            "summarization", "--model_name_or_path", Model, "--do_train", "--do_eval", "--dataset_name", WorkflowRun.Fixture("workflow", "hub-dataset"),
            "--max_eval_samples", "4", .. WorkflowRun.Fast]);
        Assert.True(code == 0, output + error);
        Assert.Equal(24, (int)run.Results()["train_samples"]!);
    }

    [Fact]
    public void Resume_from_output_dir_and_from_a_named_checkpoint()
    {
        using var run = new WorkflowRun();
        string[] common = ["summarization", "--model_name_or_path", Model, "--do_train", "--train_file", Train, .. WorkflowRun.Fast];
        Assert.Equal(0, run.Run([.. common, "--max_steps", "2"]).Code);
        // same command with more steps: HF resumes from the newest checkpoint in output_dir
        var (code, output, error) = run.Run([.. common, "--max_steps", "4"]);
        Assert.True(code == 0, output + error);
        Assert.Contains("Checkpoint detected, resuming training at", output);
        Assert.Contains("checkpoint-2", output);
        Assert.True(File.Exists(Path.Combine(run.OutputDir, "checkpoint-4", "trainer_state.json")));
        // --resume_from_checkpoint names one explicitly
        (code, output, error) = run.Run([.. common, "--resume_from_checkpoint", Path.Combine(run.OutputDir, "checkpoint-2")]);
        Assert.True(code == 0, output + error);
        Assert.Contains("Resuming from", output);
        Assert.Contains("global step 2", output);
    }

    [Fact]
    public void A_non_empty_output_dir_without_checkpoints_is_hfs_error()
    {
        using var run = new WorkflowRun();
        Directory.CreateDirectory(run.OutputDir);
        File.WriteAllText(Path.Combine(run.OutputDir, "notes.txt"), "mine");
        var (code, _, error) = run.Run(["summarization", "--model_name_or_path", Model, "--do_train", "--train_file", Train, .. WorkflowRun.Fast]);
        Assert.Equal(2, code);
        Assert.Contains("already exists and is not empty. Use --overwrite_output_dir to overcome.", error);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(run.OutputDir, "notes.txt")));
    }

    [Fact]
    public void The_lock_file_alone_does_not_make_the_output_dir_non_empty()
    {
        using var run = new WorkflowRun();
        Directory.CreateDirectory(run.OutputDir);
        File.WriteAllText(Path.Combine(run.OutputDir, HfTrain.Host.Jobs.OutputFolder.LockFileName), "");   // left by an earlier run
        var (code, output, error) = run.Run(["summarization", "--model_name_or_path", Model, "--do_train", "--train_file", Train, .. WorkflowRun.Fast]);
        Assert.True(code == 0, output + error);
        Assert.True(File.Exists(Path.Combine(run.OutputDir, "model.safetensors")));
    }

    [Fact]
    public void Data_without_a_model_or_a_model_without_data_gets_hfs_message()
    {
        using var run = new WorkflowRun();
        var (code, _, error) = run.Run(["summarization", "--model_name_or_path", Model, "--do_train"]);
        Assert.Equal(1, code);
        Assert.Contains("Need either a dataset name or a training, validation, or test file.", error);
    }

    [Fact]
    public void Dry_run_prints_the_data_report_and_trains_nothing()
    {
        using var run = new WorkflowRun();
        var (code, output, error) = run.Run(["summarization", "--model_name_or_path", Model, "--do_train", "--do_eval", "--dry_run",
            "--train_file", Train, "--validation_file", Validation, "--source_prefix", "summarize: ", "--max_source_length", "64"]);
        Assert.True(code == 0, output + error);
        Assert.Contains("train", output);
        Assert.Contains("p50", output);
        Assert.False(Directory.Exists(run.OutputDir) && Directory.EnumerateFileSystemEntries(run.OutputDir).Any());
    }
}
