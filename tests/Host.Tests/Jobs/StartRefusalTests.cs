namespace HfTrain.Host.Tests.Jobs;

/// <summary>
/// What TrainingArguments.__post_init__ and run_summarization refuse is refused at start: exit 1, one line naming the
/// option, no stack trace, nothing read. The model and data paths do not exist, so any later step would fail
/// differently (exit 2, about the model or the file).
/// </summary>
public sealed class StartRefusalTests
{
    static readonly string[] Base = ["summarization", "--model_name_or_path", "/nonexistent/model", "--do_train", "--train_file", "/nonexistent/train.jsonl"];

    public static TheoryData<string[], string> Refusals => new()
    {
        { ["--num_train_epochs", "-1"], "--num_train_epochs must be 0 or more" },
        { ["--save_steps", "0"], "save strategy steps requires non-zero --save_steps" },
        { ["--save_steps", "-5"], "--save_steps" },
        { ["--logging_steps", "0"], "requires non-zero --logging_steps" },
        { ["--eval_strategy", "steps", "--eval_steps", "0", "--logging_steps", "0", "--validation_file", "/nonexistent/v.jsonl"], "evaluation strategy steps requires either non-zero --eval_steps or --logging_steps" },
        { ["--eval_strategy", "steps", "--eval_steps", "-2", "--validation_file", "/nonexistent/v.jsonl"], "--eval_steps must be positive" },
        { ["--warmup_ratio", "1.5"], "warmup_ratio must lie in range [0,1]" },
        { ["--warmup_ratio", "-0.1"], "warmup_ratio must lie in range [0,1]" },
        { ["--learning_rate", "NaN"], "--learning_rate must be a finite number" },
        { ["--learning_rate", "Infinity"], "--learning_rate must be a finite number" },
        { ["--eval_strategy", "steps"], "--eval_strategy steps requires a validation dataset" },
        { ["--eval_strategy", "epoch"], "--eval_strategy epoch requires a validation dataset" },
        { ["--do_eval"], "--do_eval requires a validation dataset: pass --validation_file" },
        { ["--do_predict"], "--do_predict requires a test dataset: pass --test_file" },
        { ["--max_train_samples", "-1"], "--max_train_samples must be 0 or more" },
        { ["--max_eval_samples", "-1"], "--max_eval_samples must be 0 or more" },
        { ["--max_predict_samples", "-3"], "--max_predict_samples must be 0 or more" },
        { ["--max_source_length", "0"], "--max_source_length must be at least 1" },
        { ["--max_target_length", "-1"], "--max_target_length must be at least 1" },
        { ["--val_max_target_length", "0"], "--val_max_target_length must be at least 1" },
        { ["--generation_max_length", "0"], "--generation_max_length must be at least 1" },
        { ["--output_dir", ""], "--output_dir is empty" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Is_refused_at_start_with_exit_1_and_one_line(string[] extra, string words)
    {
        using var dir = new TempDir();
        string outputDir = Path.Combine(dir.Path, "out");
        var (code, _, error) = new HostHarness().Run([.. Base, "--output_dir", outputDir, .. extra]);
        Assert.True(code == 1, error);
        Assert.Contains(words, error);
        Assert.DoesNotContain("   at ", error);
        Assert.Single(error.Trim().Split('\n'), line => line.Contains(words));
        Assert.False(Directory.Exists(outputDir), "the output folder is made only after the options are checked");
    }

    [Theory]
    [InlineData("--num_train_epochs", "-1", "--max_steps", "5")]
    [InlineData("--eval_steps", "0", "--eval_strategy", "steps", "--validation_file", "/nonexistent/v.jsonl")]
    [InlineData("--warmup_ratio", "1", "--save_strategy", "no", "--save_steps", "0")]
    public void Values_hf_accepts_pass_the_start_checks(params string[] extra)
    {
        using var dir = new TempDir();
        var (code, _, error) = new HostHarness().Run([.. Base, "--output_dir", Path.Combine(dir.Path, "out"), .. extra]);
        Assert.Equal(2, code);                               // past the checks: the missing model is what fails
        Assert.Contains("--model_name_or_path /nonexistent/model", error);
    }
}
