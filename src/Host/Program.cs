using HfTrain.Host.Cli;
using HfTrain.Host.Composition;
using Microsoft.Extensions.DependencyInjection;

using var services = Services.Build(Services.DefaultPluginRoots());
return services.GetRequiredService<CommandLineApp>().Run(args, Console.Out, Console.Error);
