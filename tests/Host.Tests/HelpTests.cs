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

    static string[] Lines(string text) => text.Replace("\r", "").Split('\n');
}
