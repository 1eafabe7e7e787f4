using HfTrain.Host.Plugins;

namespace HfTrain.Host.Tests;

/// <summary>Plugins load at run time from the tool folder, ~/.hf-train/plugins and HF_TRAIN_PLUGIN_PATH.</summary>
public sealed class PluginDiscoveryTests
{
    [Fact]
    public void Built_in_plugins_load_from_the_tool_folder()
    {
        var catalog = new HostHarness().Catalog;
        Assert.Equal(["classification", "summarization", "translation"], catalog.Plugins.Select(p => p.Name).Order().ToArray());
        Assert.All(catalog.Plugins, p => Assert.Equal(PluginSource.BuiltIn, p.Source));
        Assert.Empty(catalog.Failures);
    }

    [Fact]
    public void A_separately_built_plugin_loads_from_the_users_home()
    {
        using var home = new TempDir();
        HostHarness.InstallPlugin("EchoTask", Path.Combine(home.Path, ".hf-train", "plugins"));
        var harness = new HostHarness(home: home.Path);
        var echo = Assert.Single(harness.Catalog.Plugins, p => p.Name == "echo");
        Assert.Equal(PluginSource.User, echo.Source);
        Assert.Equal("2.3.4", echo.Plugin.Descriptor.Version);
        var (code, output, _) = harness.Run("echo", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--echo_column <string>", output);
        Assert.Contains("--per_device_train_batch_size <int>", output);   // the host's shared options
    }

    [Fact]
    public void Plugins_load_from_each_folder_in_the_plugin_path_variable()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        HostHarness.InstallPlugin("EchoTask", a.Path);
        var catalog = new HostHarness(pluginPath: $"{b.Path}{Path.PathSeparator}{a.Path}").Catalog;
        var echo = Assert.Single(catalog.Plugins, p => p.Name == "echo");
        Assert.Equal(PluginSource.PluginPath, echo.Source);
        Assert.StartsWith(a.Path, echo.Folder, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plugin_path_entry_may_be_the_plugin_folder_itself()
    {
        var catalog = new HostHarness(pluginPath: HostHarness.TestPluginBuild("EchoTask")).Catalog;
        Assert.Contains(catalog.Plugins, p => p.Name == "echo");
    }

    [Fact]
    public void The_first_plugin_of_a_name_wins_and_the_duplicate_is_reported()
    {
        using var home = new TempDir();
        using var path = new TempDir();
        HostHarness.InstallPlugin("EchoTask", Path.Combine(home.Path, ".hf-train", "plugins"));
        HostHarness.InstallPlugin("EchoTask", path.Path);
        var catalog = new HostHarness(home.Path, path.Path).Catalog;
        Assert.Equal(PluginSource.User, Assert.Single(catalog.Plugins, p => p.Name == "echo").Source);
        var failure = Assert.Single(catalog.Failures);
        Assert.Contains("already provided", failure.Reason);
    }

    [Fact]
    public void A_plugin_built_against_another_major_contract_version_is_refused_and_others_keep_working()
    {
        using var path = new TempDir();
        HostHarness.InstallPlugin("IncompatibleTask", path.Path);
        var harness = new HostHarness(pluginPath: path.Path);
        var failure = Assert.Single(harness.Catalog.Failures);
        Assert.Contains("built against HfTrain.Abstractions 2.x", failure.Reason);
        Assert.Contains("Rebuild the plugin against HfTrain.Abstractions 1.*", failure.Reason);
        Assert.Equal(3, harness.Catalog.Plugins.Count);
        var (code, output, error) = harness.Run("plugins", "list");
        Assert.Equal(0, code);
        Assert.Contains("summarization", output);
        Assert.Contains("not loaded (plugin-path)", output);
        Assert.Contains("warning: plugin in", error);
    }

    [Fact]
    public void A_plugin_that_fails_to_load_is_reported_and_others_keep_working()
    {
        using var path = new TempDir();
        string broken = Path.Combine(path.Path, "Broken");
        Directory.CreateDirectory(broken);
        File.WriteAllBytes(Path.Combine(broken, "Broken.dll"), [0x4d, 0x5a, 1, 2, 3]);
        HostHarness.InstallPlugin("EchoTask", path.Path);
        var catalog = new HostHarness(pluginPath: path.Path).Catalog;
        Assert.Contains(catalog.Plugins, p => p.Name == "echo");
        var failure = Assert.Single(catalog.Failures);
        Assert.Equal(broken, failure.Folder);
    }

    [Fact]
    public void Plugin_folders_do_not_carry_the_contract_or_torchsharp()
    {
        string builtIn = Path.Combine(AppContext.BaseDirectory, "plugins");
        var files = Directory.GetFiles(builtIn, "*.dll", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.NotEmpty(files);
        Assert.DoesNotContain("HfTrain.Abstractions.dll", files);
        Assert.DoesNotContain("TorchSharp.dll", files);
        Assert.DoesNotContain("EchoTask.dll", Directory.GetFiles(HostHarness.TestPluginBuild("EchoTask")).Select(Path.GetFileName).Where(f => f == "HfTrain.Abstractions.dll"));
    }

    [Fact]
    public void Roots_are_tool_folder_then_home_then_each_plugin_path_entry()
    {
        var roots = PluginLocations.Roots("/opt/tool", "/home/u", "/a:/b");
        Assert.Equal(["/opt/tool/plugins", "/home/u/.hf-train/plugins", "/a", "/b"], roots.Select(r => r.Directory).ToArray());
        Assert.Equal([PluginSource.BuiltIn, PluginSource.User, PluginSource.PluginPath, PluginSource.PluginPath], roots.Select(r => r.Source).ToArray());
    }
}
