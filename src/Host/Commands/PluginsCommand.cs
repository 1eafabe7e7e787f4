using System.CommandLine;
using HfTrain.Host.Options;
using HfTrain.Host.Plugins;

namespace HfTrain.Host.Commands;

/// <summary><c>hf-train plugins list</c>: each task's name, version, description and folder, and each folder that was
/// refused with every reason (it still exits 0: listing is what was asked for). <c>hf-train plugins install</c>: a
/// publish folder or .nupkg into the user's plugin folder, then loaded once to say whether it works.</summary>
internal sealed class PluginsCommand(PluginCatalog catalog, IReadOnlyList<PluginRoot> roots) : IHostCommand
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
        return new Command("plugins", "Inspect and install task plugins.") { list, CreateInstall() };
    }

    Command CreateInstall()
    {
        var source = new Argument<string>("source") { Description = "The plugin's publish folder (dotnet publish -o) or its .nupkg (dotnet pack)." };
        var name = new Option<string?>("--name") { Description = "The plugin's dll name without .dll, when the folder holds several dlls.", HelpName = "dll" };
        var install = new Command("install", "Install a task plugin into ~/.hf-train/plugins/<name>/ (replacing one of the same name).") { source, name };
        install.SetAction(result =>
        {
            string root = roots.FirstOrDefault(r => r.Source == PluginSource.User)?.Directory
                          ?? throw new UsageException("no home folder (HOME is not set): put the plugin in a folder named in " + PluginLocations.PathVariable + " instead.");
            string folder = PluginInstaller.Install(result.GetValue(source)!, root, result.GetValue(name));
            TextWriter output = result.InvocationConfiguration.Output;
            PluginCatalog installed = PluginCatalog.Load([new PluginRoot(folder, PluginSource.User)]);
            if (installed.Plugins is [{ } plugin])
            {
                output.WriteLine($"Installed task '{plugin.Name}' {plugin.Plugin.Descriptor.Version} into {folder}.");
                if (catalog.Find(plugin.Name) is { } other && Path.GetFullPath(other.Folder) != folder)
                {
                    output.WriteLine($"But task '{plugin.Name}' is already provided by {other.Folder}, which is found first: remove that one, or rename this task.");
                    return ExitCodes.Failure;
                }
                output.WriteLine($"Run `hf-train {plugin.Name} --help` for its options.");
                return ExitCodes.Ok;
            }
            output.WriteLine($"Copied into {folder}, but hf-train cannot use it:");
            foreach (string reason in installed.Failures.SelectMany(f => f.Reasons))
                output.WriteLine($"  - {reason}");
            return ExitCodes.Failure;
        });
        return install;
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
