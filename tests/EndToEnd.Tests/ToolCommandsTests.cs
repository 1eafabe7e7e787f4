namespace HfTrain.EndToEnd.Tests;

[Collection(nameof(InstalledTool))]
public sealed class ToolCommandsTests(InstalledTool tool)
{
    [Fact]
    public void Help_lists_both_built_in_tasks()
    {
        var (code, output, error) = tool.Run(["--help"]);
        Assert.True(code == 0, error);
        Assert.Contains("summarization", output);
        Assert.Contains("translation", output);
    }

    [Fact]
    public void Plugins_list_shows_the_built_in_plugins_inside_the_installed_tool()
    {
        var (code, output, error) = tool.Run(["plugins", "list"]);
        Assert.True(code == 0, error);
        Assert.Contains("summarization", output);
        Assert.Contains("built-in", output);
        Assert.Contains(Path.Combine(".store", "hftrain"), output);
        Assert.DoesNotContain("not loaded", output);
    }

    [Fact]
    public void Env_loads_libtorch_from_the_installed_tool_on_this_machine()
    {
        var (code, output, error) = tool.Run(["env"], environment: new Dictionary<string, string> { ["HF_HOME"] = "/tmp/hf-home", ["HF_TOKEN"] = "secret" });
        Assert.True(code == 0, error);
        Assert.Contains("hf-train version: ", output);
        Assert.Contains("libLibTorchSharp.so", output);
        Assert.Contains("libtorch_cpu.so", output);
        Assert.Contains("HF_HOME=/tmp/hf-home", output);
        Assert.DoesNotContain("secret", output);
        Assert.DoesNotContain("failed to load", output);
    }

    [Fact]
    public void Version_and_usage_errors_have_the_documented_exit_codes()
    {
        Assert.Equal(0, tool.Run(["--version"]).Code);
        var (code, _, error) = tool.Run(["summarization", "--no_such_option"]);
        Assert.Equal(1, code);
        Assert.Contains("unknown option", error);
    }
}
