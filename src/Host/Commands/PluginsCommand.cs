using System.CommandLine;
using HfTrain.Host.Plugins;

namespace HfTrain.Host.Commands;

/// <summary><c>hf-train plugins list</c>: each task's name, version, description and folder, and each folder that was
/// refused with every reason (it still exits 0: listing is what was asked for).</summary>
internal sealed class PluginsCommand(PluginCatalog catalog) : IHostCommand
{
    public Command Create()
    {
        var list = new Command("list", "List the task plugins found, with version, description and folder.");
        list.SetAction(result =>
        {
            TextWriter output = result.InvocationConfiguration.Output;
            output.Write(Describe(catalog));
            return 0;
        });
        return new Command("plugins", "Inspect task plugins.") { list };
    }

    public static string Describe(PluginCatalog catalog)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"{"TASK",-16} {"VERSION",-10} {"SOURCE",-11} DESCRIPTION");
        foreach (LoadedPlugin p in catalog.Plugins)
        {
            text.AppendLine($"{p.Name,-16} {p.Plugin.Descriptor.Version,-10} {Source(p.Source),-11} {p.Plugin.Descriptor.Description}");
            text.AppendLine($"{"",-16} folder: {p.Folder}");
        }
        if (catalog.Plugins.Count == 0)
            text.AppendLine("(no task plugins found)");
        foreach (PluginFailure f in catalog.Failures)
        {
            text.AppendLine($"not loaded ({Source(f.Source)}): {f.Folder}" + (f.Plugin is null ? "" : $": task plugin {f.Plugin}"));
            foreach (string reason in f.Reasons)
                text.AppendLine($"  - {reason}");
        }
        text.AppendLine();
        text.AppendLine($"Plugins are looked for in the tool's plugins/ folder, ~/.hf-train/plugins/<name>/ and the folders in {PluginLocations.PathVariable}.");
        return text.ToString();
    }

    static string Source(PluginSource source) => source switch
    {
        PluginSource.BuiltIn => "built-in",
        PluginSource.User => "user",
        _ => "plugin-path",
    };
}
