using HfTrain.Host.Cli;
using HfTrain.Host.Commands;
using HfTrain.Host.Plugins;

namespace HfTrain.Reliability;

/// <summary>Runs the real command line in-process with the built-in plugins of the build output (as tests/Host.Tests
/// does), with the Hugging Face caches pointed at a folder of the test run so no case reads or fills the user's.</summary>
internal static class HostHarness
{
    static readonly string Sandbox = Directory.CreateTempSubdirectory("hf-train-reliability-home-").FullName;
    static readonly IReadOnlyList<PluginRoot> Roots = PluginLocations.Roots(AppContext.BaseDirectory, null, null);
    static readonly Lazy<PluginCatalog> Catalog = new(() =>
    {
        Environment.SetEnvironmentVariable("HF_HOME", Sandbox);
        Environment.SetEnvironmentVariable("HF_DATASETS_CACHE", Path.Combine(Sandbox, "datasets"));
        Environment.SetEnvironmentVariable("HF_TRAIN_DEBUG", null);
        return PluginCatalog.Load(Roots);
    });

    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        var app = new CommandLineApp(Catalog.Value, new TaskCommandFactory(new TaskRunner()),
            [new PluginsCommand(Catalog.Value, Roots), new EnvCommand(Catalog.Value), new TokenizeCommand(), new MetricsCommand(Catalog.Value)]);
        var output = new StringWriter();
        var error = new StringWriter();
        int code = app.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);
}

/// <summary>A temporary folder deleted after the test.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("hf-train-reliability-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a mount point (the disk-full test) or a file still held: the OS temp cleaner gets it
        }
    }
}
