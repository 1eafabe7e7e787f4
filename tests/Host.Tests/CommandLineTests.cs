using System.CommandLine;
using HfTrain.Host.Cli;
using HfTrain.Host.Options;

namespace HfTrain.Host.Tests;

/// <summary>Every command line of the seed workflow (HF's README for run_summarization.py) parses.</summary>
public sealed class CommandLineTests
{
    static readonly string[] Seed =
    [
        "summarization", "--model_name_or_path", "t5-small", "--do_train", "--do_eval", "--dataset_name", "cnn_dailymail",
        "--dataset_config", "3.0.0", "--source_prefix", "summarize: ", "--output_dir", "/tmp/tst-summarization",
        "--per_device_train_batch_size=4", "--per_device_eval_batch_size=4", "--overwrite_output_dir", "--predict_with_generate",
    ];

    public static TheoryData<string[]> SeedCommands()
    {
        var data = new TheoryData<string[]>();
        data.Add(Seed);
        data.Add([.. Seed, "--max_train_samples", "50", "--max_eval_samples", "50", "--max_predict_samples", "50"]);
        data.Add(["summarization", "--model_name_or_path", "t5-small", "--do_train", "--do_eval", "--train_file", "path_to_csv_or_jsonlines_file",
         "--validation_file", "path_to_csv_or_jsonlines_file", "--text_column", "text_column_name", "--summary_column", "summary_column_name",
         "--source_prefix", "summarize: ", "--output_dir", "/tmp/tst-summarization", "--overwrite_output_dir",
         "--per_device_train_batch_size=4", "--per_device_eval_batch_size=4", "--predict_with_generate"]);
        data.Add([.. Seed, "--resume_from_checkpoint", "/tmp/tst-summarization/checkpoint-500"]);
        data.Add([.. Seed, "--fp16"]);
        data.Add([.. Seed, "--push_to_hub", "--push_to_hub_model_id", "finetuned-t5-cnn_dailymail"]);
        data.Add([.. Seed, "--num_train_epochs", "3"]);
        data.Add(["translation", "--model_name_or_path", "t5-small", "--do_train", "--do_eval", "--source_lang", "en", "--target_lang", "ro",
         "--source_prefix", "translate English to Romanian: ", "--dataset_name", "wmt16", "--dataset_config_name", "ro-en",
         "--output_dir", "/tmp/tst-translation", "--per_device_train_batch_size=4", "--per_device_eval_batch_size=4",
         "--overwrite_output_dir", "--predict_with_generate"]);
        return data;
    }

    [Theory]
    [MemberData(nameof(SeedCommands))]
    public void Seed_command_lines_parse_without_errors(string[] args)
    {
        var root = new HostHarness().App.BuildRoot();
        ParseResult result = root.Parse(args);
        Assert.Empty(result.Errors);
        Assert.Empty(result.UnmatchedTokens);
    }

    [Fact]
    public void Values_come_through_under_hf_names_with_equals_dashes_and_legacy_spellings()
    {
        var options = new HostHarness().App.ParseTask([.. Seed, "--learning-rate", "3e-4", "--evaluation_strategy", "steps", "--do_predict", "false"]);
        Assert.Equal(4, options.Int("per_device_train_batch_size"));
        Assert.Equal("3.0.0", options.String("dataset_config_name"));
        Assert.Equal("summarize: ", options.String("source_prefix"));
        Assert.Equal(3e-4, options.Float("learning_rate"));
        Assert.Equal("steps", options.String("eval_strategy"));
        Assert.True(options.Bool("do_train"));
        Assert.False(options.Bool("do_predict"));
        Assert.True(options.IsSet("do_predict"));
        Assert.False(options.IsSet("seed"));
        Assert.Equal(42, options.Int("seed"));                 // HF's default
        Assert.Equal(1024, options.Int("max_source_length"));  // run_summarization's default
        Assert.Null(options.Int("max_train_samples"));
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("True", true)]
    [InlineData("0", false)]
    [InlineData("no", false)]
    public void Booleans_take_hf_string_to_bool_values(string text, bool expected)
    {
        var options = new HostHarness().App.ParseTask(["summarization", "--do_train", text, "--do_eval"]);
        Assert.True(options.Bool("do_eval"));
        Assert.Equal(expected, options.Bool("do_train"));
    }

    [Fact]
    public void Unknown_option_is_a_usage_error_with_did_you_mean()
    {
        var (code, _, error) = new HostHarness().Run("summarization", "--per_device_train_batchsize", "4");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("unknown option '--per_device_train_batchsize'", error);
        Assert.Contains("Did you mean '--per_device_train_batch_size'", error);
    }

    [Fact]
    public void Unknown_task_suggests_the_closest_task()
    {
        var (code, _, error) = new HostHarness().Run("sumarization", "--do_train");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("Did you mean 'summarization'", error);
    }

    [Fact]
    public void A_bad_number_names_the_option()
    {
        var (code, _, error) = new HostHarness().Run("summarization", "--learning_rate", "fast");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--learning_rate expects a number, got 'fast'", error);
    }

    [Fact]
    public void Options_not_implemented_yet_are_refused_at_run_time_not_ignored()
    {
        var (code, _, error) = new HostHarness().Run([.. Seed, "--gradient_checkpointing", "--push_to_hub_model_id", "x"]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--gradient_checkpointing: gradient checkpointing is not implemented yet", error);
        Assert.Contains("note: --push_to_hub_model_id is a legacy name; use --hub_model_id.", error);
    }

    [Fact]
    public void A_single_json_argument_loads_all_options()
    {
        using var dir = new TempDir();
        string file = Path.Combine(dir.Path, "args.json");
        File.WriteAllText(file, """{"model_name_or_path": "t5-small", "per_device_train_batch_size": 4, "do_train": true, "do_eval": false, "gradient_checkpointing": true}""");
        string[] args = ArgumentFile.Expand(["summarization", file]);
        Assert.Equal(["summarization", "--model_name_or_path", "t5-small", "--per_device_train_batch_size", "4",
                      "--do_train", "true", "--do_eval", "false", "--gradient_checkpointing", "true"], args);
        var (code, _, error) = new HostHarness().Run("summarization", file);
        Assert.Equal(ExitCodes.Usage, code);                   // gradient_checkpointing is parsed, then refused as not implemented
        Assert.Contains("--gradient_checkpointing", error);
    }

    [Fact]
    public void A_broken_json_options_file_names_the_file_and_line()
    {
        using var dir = new TempDir();
        string file = Path.Combine(dir.Path, "args.json");
        File.WriteAllText(file, "{\n  \"do_train\": true,\n  oops\n}");
        var (code, _, error) = new HostHarness().Run("summarization", file);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(file, error);
        Assert.Contains("line 3", error);
    }

    [Fact]
    public void Trust_remote_code_is_refused_with_the_reason()
    {
        var (code, _, error) = new HostHarness().Run("summarization", "--trust_remote_code", "--do_train");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("never runs Python code", error);
    }

    [Fact]
    public void Version_prints_the_tool_version()
    {
        var (code, output, _) = new HostHarness().Run("--version");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(HfTrain.Host.ToolVersion.Text, output.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", output.Trim());
    }

    [Fact]
    public void A_repeated_option_takes_the_last_value_as_argparse_does()
    {
        var options = new HostHarness().App.ParseTask(["summarization", "--max_steps", "2", "--do_train", "--max-steps=7", "--do_train", "false"]);
        Assert.Equal(7, options.Int("max_steps"));
        Assert.False(options.Bool("do_train"));
    }
}
