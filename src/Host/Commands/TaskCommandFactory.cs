using System.CommandLine;

using HfTrain.Host.Options;
using HfTrain.Host.Plugins;

namespace HfTrain.Host.Commands;

/// <summary>Builds <c>hf-train &lt;task&gt;</c> from a plugin: the host's TrainingArguments plus the task's options.</summary>
internal sealed class TaskCommandFactory(TaskRunner runner)
{
    public (Command Command, IReadOnlyList<OptionBinding> Bindings) Create(LoadedPlugin plugin)
    {
        var descriptor = plugin.Plugin.Descriptor;
        var command = new OptionsCommand(descriptor.Name, $"{descriptor.Description} (task plugin {descriptor.Name} {descriptor.Version})");
        var bindings = Bindings(plugin);
        foreach (OptionBinding binding in bindings)
            command.Options.Add(binding.Option);
        command.SetAction(result => runner.Run(plugin, bindings, result));
        return (command, bindings);
    }

    /// <summary>The task's options first (as in the HF scripts' help), then the shared training options. The catalog
    /// checked at load that they do not clash (<see cref="PluginRules"/>), so building a command never fails.</summary>
    public static IReadOnlyList<OptionBinding> Bindings(LoadedPlugin plugin) =>
        plugin.Plugin.Options.Concat(TrainingOptions.All).Select(OptionBinding.Create).ToList();
}
