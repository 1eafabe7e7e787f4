namespace HfTrain.EndToEnd.Tests;

/// <summary>
/// The tool as a person sees it in a terminal: the live progress line on TERM=xterm, TERM=dumb, NO_COLOR and narrow
/// terminals, and the README's demo to the end. Every output path is also run piped in the other end-to-end tests.
/// </summary>
[Collection(nameof(InstalledTool))]
public sealed class TerminalTests(InstalledTool tool)
{
    static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    [Theory]
    [InlineData("xterm", null, null)]
    [InlineData("dumb", null, null)]
    [InlineData("xterm", "1", null)]
    [InlineData("xterm-256color", null, "40")]
    public void Training_draws_a_progress_line_in_a_terminal_and_exits_0(string term, string? noColor, string? columns)
    {
        string output = tool.NewFolder($"tty-{term}-{noColor}-{columns}");
        var environment = new Dictionary<string, string> { ["TERM"] = term };
        if (noColor is not null)
            environment["NO_COLOR"] = noColor;
        if (columns is not null)
            environment["COLUMNS"] = columns;
        var (code, screen) = Terminal.Run(tool,
        [
            "summarization", "--model_name_or_path", Fixture("tiny"), "--do_train", "--train_file", Fixture("workflow", "summarization-train.jsonl"),
            "--per_device_train_batch_size", "2", "--max_steps", "6", "--logging_steps", "3", "--max_source_length", "64",
            "--output_dir", output, "--overwrite_output_dir",
        ], environment, output);
        Assert.True(code == 0, screen);
        Assert.Contains("step 6/6", screen);
        Assert.Contains("***** train metrics *****", screen);
        Assert.DoesNotContain("failed unexpectedly", screen);
        Assert.Equal(term != "dumb", screen.Contains('\u001b'));
        Assert.Equal(term != "dumb" && noColor is null, screen.Contains("\u001b[1m"));
        if (columns is not null)
            Assert.All(screen.Split('\r', '\n').Where(l => l.StartsWith("step ", StringComparison.Ordinal) || l.StartsWith("\u001b[1mstep", StringComparison.Ordinal)),
                l => Assert.True(l.Replace("\u001b[1m", "").Replace("\u001b[0m", "").Replace("\u001b[K", "").Length < 40, l));
    }

    [Fact]
    public void Disable_tqdm_and_log_level_error_leave_only_the_log_lines_and_results()
    {
        string output = tool.NewFolder("tty-quiet");
        var (code, screen) = Terminal.Run(tool,
        [
            "summarization", "--model_name_or_path", Fixture("tiny"), "--do_train", "--train_file", Fixture("workflow", "summarization-train.jsonl"),
            "--per_device_train_batch_size", "2", "--max_steps", "4", "--logging_steps", "2", "--max_source_length", "64",
            "--output_dir", output, "--log_level", "error",
        ], new Dictionary<string, string> { ["TERM"] = "xterm" }, output);
        Assert.True(code == 0, screen);
        Assert.DoesNotContain("100%", screen);               // the status line
        Assert.DoesNotContain("Model: ", screen);             // an info line
        Assert.Contains("'loss'", screen);
        Assert.Contains("***** train metrics *****", screen);
    }

    [Fact]
    public void The_readme_demo_runs_to_the_end_in_a_terminal()
    {
        string output = tool.NewFolder("tty-demo");
        var (code, screen) = Terminal.Run(tool,
        [
            "summarization", "--do_train", "--do_eval", "--do_predict", "--predict_with_generate", "--output_dir", "hf-train-demo",
            "--learning_rate", "1e-3", "--max_steps", "12", "--max_eval_samples", "8", "--max_predict_samples", "8", "--max_source_length", "128",
            "--val_max_target_length", "16", "--group_by_length", "--logging_steps", "4",
        ], new Dictionary<string, string> { ["TERM"] = "xterm" }, output);
        Assert.True(code == 0, screen);
        Assert.Contains("step 12/12", screen);
        Assert.Contains("***** predict metrics *****", screen);
        Assert.Equal(8, File.ReadAllLines(Path.Combine(output, "hf-train-demo", "generated_predictions.txt")).Length);
    }
}
