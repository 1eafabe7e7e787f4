using Snapshooter.Xunit;

namespace HfTrain.Host.Tests;

/// <summary>Help text is part of the user interface: snapshots make every change visible in review.</summary>
public sealed class HelpTests
{
    [Fact]
    public void Root_help_lists_tasks_from_plugins_and_tool_commands()
    {
        var (code, output, _) = new HostHarness().Run("--help");
        Assert.Equal(0, code);
        Snapshot.Match(Lines(output));
    }

    [Fact]
    public void Task_help_lists_every_option_with_type_default_and_help()
    {
        var (code, output, _) = new HostHarness().Run("summarization", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--per_device_train_batch_size <int>", output);
        Assert.Contains("[default: 8]", output);
        Snapshot.Match(Lines(output));
    }

    [Fact]
    public void Translation_help_has_the_language_options()
    {
        var (_, output, _) = new HostHarness().Run("translation", "-h");
        Assert.Contains("--source_lang <string>", output);
        Assert.Contains("--target_lang <string>", output);
        Assert.DoesNotContain("--text_column", output);
    }

    [Theory]
    [InlineData("metrics summarization", "Usage: hf-train metrics summarization [options]", "--predictions <file>", "--references <file>")]
    [InlineData("metrics", "Usage: hf-train metrics <command>", "summarization", "translation")]
    [InlineData("tokenize", "Usage: hf-train tokenize [options]", "--model_name_or_path, --tokenizer_name <dir>", "(required)")]
    [InlineData("plugins", "Usage: hf-train plugins <command>", "install", "Inspect and install task plugins")]
    [InlineData("plugins list", "Usage: hf-train plugins list", "List the task plugins", "-h, --help")]
    [InlineData("env", "Usage: hf-train env", "CUDA devices", "-h, --help")]
    [InlineData("launch", "Usage: hf-train launch <task> [options]", "--nproc_per_node <N|auto|gpu|cpu>", "PET_MASTER_PORT")]
    [InlineData("config", "Usage: hf-train config [options]", "--num_processes <N>", "--mixed_precision <no|fp16|bf16>")]
    [InlineData("test", "Usage: hf-train test [options]", "--config_file <FILE>", "all-reduce and broadcast agree")]
    public void Every_tool_command_has_its_own_usage_and_options(string command, string usage, string shown, string alsoShown)
    {
        var (code, output, error) = new HostHarness().Run([.. command.Split(' '), "--help"]);
        Assert.True(code == 0, error);
        Assert.StartsWith(usage + "\n", output.Replace("\r", ""));
        Assert.Contains(shown, output);
        Assert.Contains(alsoShown, output);
    }

    [Fact]
    public void Metrics_help_shows_the_task_options_but_not_the_model_and_data_ones()
    {
        var (_, output, _) = new HostHarness().Run("metrics", "summarization", "--help");
        Assert.Contains("--text_column <string>", output);
        Assert.DoesNotContain("--model_name_or_path", output);
        Assert.DoesNotContain("--train_file", output);
    }

    [Theory]
    [InlineData("plugns", "unknown command or task 'plugns'. Did you mean 'plugins'?")]
    [InlineData("plugins lst", "unknown command 'lst'. Did you mean 'list'?")]
    [InlineData("metrics sumarization --predictions p.txt", "unknown command 'sumarization'. Did you mean 'summarization'?")]
    public void An_unknown_command_exits_1_with_did_you_mean_and_nothing_else(string commandLine, string message)
    {
        var (code, _, error) = new HostHarness().Run(commandLine.Split(' '));
        Assert.Equal(1, code);
        Assert.StartsWith("error: " + message + "\n", error.Replace("\r", ""));
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("summarization --per", "--per_device_eval_batch_size", "--per_device_train_batch_size")]
    [InlineData("summarization --evaluation", "", "")]
    [InlineData("metrics summarization --pre", "--predictions", "")]
    public void Completion_offers_each_option_once_under_its_hugging_face_name(string line, string first, string second)
    {
        var (code, output, _) = new HostHarness().Run($"[suggest:{line.Length}]", line);
        Assert.Equal(0, code);
        string[] expected = new[] { first, second }.Where(s => s.Length > 0).ToArray();
        Assert.Equal(expected, output.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    static string[] Lines(string text) => text.Replace("\r", "").Split('\n');
}
