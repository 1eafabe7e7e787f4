using HfTrain.Host.Cli;
using HfTrain.Host.Options;
using HfTrain.Host.Commands;
using HfTrain.Host.Plugins;

namespace HfTrain.Host.Tests;

/// <summary>Runs the real command line in-process, with the built-in plugins of the build output and chosen extra roots.</summary>
internal sealed class HostHarness
{
    public PluginCatalog Catalog { get; }

    public CommandLineApp App { get; }

    public HostHarness(string? home = null, string? pluginPath = null)
    {
        var roots = PluginLocations.Roots(AppContext.BaseDirectory, home, pluginPath);
        Catalog = PluginCatalog.Load(roots);
        App = new CommandLineApp(Catalog, new TaskCommandFactory(new TaskRunner()),
            [new PluginsCommand(Catalog, roots), new EnvCommand(Catalog), new TokenizeCommand(), new MetricsCommand(Catalog),
             new LaunchCommand(), new ConfigCommand(), new TestCommand()]);
    }

    public (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = App.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The test plugins' build output (copied next to the tests by the project file).</summary>
    public static string TestPluginBuild(string name) => Path.Combine(AppContext.BaseDirectory, "testplugins", name);

    /// <summary>Copies a plugin build into <paramref name="root"/>/<paramref name="name"/>/, as a user installs one.</summary>
    public static string InstallPlugin(string buildName, string root, string? folderName = null)
    {
        string folder = Path.Combine(root, folderName ?? buildName);
        Directory.CreateDirectory(folder);
        foreach (string file in Directory.GetFiles(TestPluginBuild(buildName)))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        return folder;
    }
}

/// <summary>A temporary folder deleted after the test.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("hf-train-test-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
