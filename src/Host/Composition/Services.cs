using HfTrain.Host.Cli;
using HfTrain.Host.Options;
using HfTrain.Host.Commands;
using HfTrain.Host.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace HfTrain.Host.Composition;

/// <summary>The composition root: the only place that knows how the host's parts fit together.</summary>
internal static class Services
{
    public static ServiceProvider Build(IReadOnlyList<PluginRoot> pluginRoots)
    {
        var services = new ServiceCollection();
        services.AddSingleton(pluginRoots);
        services.AddSingleton(_ => PluginCatalog.Load(pluginRoots));
        services.AddSingleton<TaskRunner>();
        services.AddSingleton<TaskCommandFactory>();
        services.AddSingleton<IHostCommand, PluginsCommand>();
        services.AddSingleton<IHostCommand, EnvCommand>();
        services.AddSingleton<IHostCommand, TokenizeCommand>();
        services.AddSingleton<IHostCommand, MetricsCommand>();
        services.AddSingleton<IHostCommand, SelfTestCommand>();
        services.AddSingleton(_ => new HubEnvironment());
        services.AddSingleton<IHostCommand, LoginCommand>();
        services.AddSingleton<IHostCommand, LogoutCommand>();
        services.AddSingleton<IHostCommand, WhoamiCommand>();
        services.AddSingleton<IHostCommand, DownloadCommand>();
        services.AddSingleton<IHostCommand, UploadCommand>();
        services.AddSingleton<IHostCommand, HubServeCommand>();
        services.AddSingleton<IHostCommand, LaunchCommand>();
        services.AddSingleton<IHostCommand, ConfigCommand>();
        services.AddSingleton<IHostCommand, TestCommand>();
        services.AddSingleton<CommandLineApp>();
        return services.BuildServiceProvider();
    }

    /// <summary>The plugin roots of this process: the tool's folder, the user's home, HF_TRAIN_PLUGIN_PATH.</summary>
    public static IReadOnlyList<PluginRoot> DefaultPluginRoots() =>
        PluginLocations.Roots(AppContext.BaseDirectory,
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            Environment.GetEnvironmentVariable(PluginLocations.PathVariable));
}
