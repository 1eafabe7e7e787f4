using HfTrain.Host.Cli;
using HfTrain.Host.Options;
using HfTrain.Host.Tests.Workflow;

namespace HfTrain.Host.Tests.Plugins;

/// <summary>One bad plugin never takes the tool down: it is refused alone, at load, and the rest keeps working.</summary>
public sealed class BadPluginTests : IDisposable
{
    readonly TempDir _path = new();
    readonly HostHarness _harness;

    public BadPluginTests()
    {
        HostHarness.InstallPlugin("ClashingTask", _path.Path);
        _harness = new HostHarness(pluginPath: _path.Path);
    }

    public void Dispose() => _path.Dispose();

    [Fact]
    public void A_clashing_plugin_is_refused_at_load_with_every_reason()
    {
        var failure = Assert.Single(_harness.Catalog.Failures);
        Assert.Equal("'clash' 0.1.0 (ClashingTask.dll)", failure.Plugin);
        Assert.Equal(3, failure.Reasons.Count);
        Assert.Contains(failure.Reasons, r => r.Contains("option 'seed' clashes with --seed"));
        Assert.Contains(failure.Reasons, r => r.Contains("option 'max_words' is Int but its default is a String"));
        Assert.Contains(failure.Reasons, r => r.Contains("StandardOptions.Seq2SeqData"));
        Assert.Equal(["classification", "summarization", "translation"], _harness.Catalog.Plugins.Select(p => p.Name).Order().ToArray());
    }

    [Fact]
    public void Version_env_and_other_tasks_keep_working()
    {
        var (code, output, error) = _harness.Run("--version");
        Assert.Equal(0, code);
        Assert.Equal(HfTrain.Host.ToolVersion.Text, output.Trim());
        Assert.Contains("warning: task plugin 'clash' 0.1.0 (ClashingTask.dll) in", error);
        Assert.Contains("(and 2 more problems: run `hf-train plugins list`)", error);

        (code, output, _) = _harness.Run("env");
        Assert.Equal(0, code);
        Assert.Contains("- plugin not loaded:", output);

        (code, output, _) = _harness.Run("summarization", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--seed <int>", output);
    }

    [Fact]
    public void Plugins_list_shows_each_reason_and_exits_0()
    {
        var (code, output, _) = _harness.Run("plugins", "list");
        Assert.Equal(0, code);
        Assert.Contains("summarization", output);
        Assert.Contains($"not loaded (plugin-path): {Path.Combine(_path.Path, "ClashingTask")}: task plugin 'clash' 0.1.0 (ClashingTask.dll)", output);
        Assert.Contains("  - option 'seed' clashes with --seed", output);
        Assert.Contains("  - option 'max_words' is Int", output);
        Assert.Contains("  - the Seq2SeqLM head reads the standard options dataset_name", output);
    }

    [Fact]
    public void A_folder_without_a_dll_of_its_name_is_reported_not_skipped()
    {
        using var root = new TempDir();
        HostHarness.InstallPlugin("EchoTask", root.Path, folderName: "echo");
        Directory.CreateDirectory(Path.Combine(root.Path, "empty"));
        var catalog = new HostHarness(pluginPath: root.Path).Catalog;
        Assert.DoesNotContain(catalog.Plugins, p => p.Name == "echo");
        var renamed = Assert.Single(catalog.Failures, f => f.Folder.EndsWith("echo", StringComparison.Ordinal));
        Assert.Contains("no echo.dll in this folder", renamed.Reason);
        Assert.Contains("it holds EchoTask.dll: name the folder after the plugin's dll (e.g. EchoTask/EchoTask.dll)", renamed.Reason);
        var empty = Assert.Single(catalog.Failures, f => f.Folder.EndsWith("empty", StringComparison.Ordinal));
        Assert.Contains("it holds no .dll", empty.Reason);
    }

    [Fact]
    public void A_TaskInputException_from_a_parallel_loop_prints_as_a_user_error()
    {
        // a number where the text column should be: DataRow.Text throws TaskInputException inside Parallel.For
        using var dir = new TempDir();
        string data = Path.Combine(dir.Path, "train.jsonl");
        File.WriteAllText(data, "{\"document\": \"a text\", \"summary\": \"a sum\"}\n{\"document\": 42, \"summary\": \"b\"}\n");
        var (code, output, error) = _harness.Run("summarization", "--model_name_or_path", WorkflowRun.Fixture("tiny"), "--do_train", "--dry_run",
            "--train_file", data, "--text_column", "document", "--summary_column", "summary", "--preprocessing_num_workers", "2",
            "--output_dir", Path.Combine(dir.Path, "out"));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains($"error: {data}", error);
        Assert.Contains("column 'document' holds the number 42, expected text", error);
        Assert.DoesNotContain("please report", error);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("AggregateException", error + output);
    }

    [Fact]
    public void User_errors_are_found_inside_nested_aggregate_exceptions()
    {
        var inner = new HfTrain.Abstractions.TaskInputException("data.csv row 3: bad.");
        var wrapped = new AggregateException(new InvalidOperationException("x"), new AggregateException(inner));
        Assert.Same(inner, UserErrors.Find(wrapped));
        Assert.Null(UserErrors.Find(new AggregateException(new InvalidOperationException("x"))));
    }
}
