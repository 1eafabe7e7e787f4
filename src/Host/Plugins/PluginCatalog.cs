using HfTrain.Abstractions;
using McMaster.NETCore.Plugins;

namespace HfTrain.Host.Plugins;

/// <summary>A task plugin that loaded, with where it came from.</summary>
internal sealed record LoadedPlugin(ITaskPlugin Plugin, string Folder, PluginSource Source)
{
    public string Name => Plugin.Descriptor.Name;
}

/// <summary>
/// Finds and loads task plugins. Only the contract (HfTrain.Abstractions) and TorchSharp cross the boundary:
/// they are shared with the host, so there is one TorchSharp and one libtorch per process. A plugin that fails
/// is reported with every reason (<see cref="PluginRules"/>); the others, and the tool's own commands, keep working.
/// The first plugin of a task name wins (built-in before user).
/// </summary>
internal sealed class PluginCatalog
{
    static readonly Type[] SharedTypes = [typeof(ITaskPlugin), typeof(TorchSharp.torch)];

    public IReadOnlyList<LoadedPlugin> Plugins { get; }

    public IReadOnlyList<PluginFailure> Failures { get; }

    PluginCatalog(IReadOnlyList<LoadedPlugin> plugins, IReadOnlyList<PluginFailure> failures)
    {
        Plugins = plugins;
        Failures = failures;
    }

    public LoadedPlugin? Find(string task) => Plugins.FirstOrDefault(p => p.Name == task);

    public static PluginCatalog Load(IEnumerable<PluginRoot> roots)
    {
        var plugins = new List<LoadedPlugin>();
        var failures = new List<PluginFailure>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (PluginRoot root in roots)
        {
            foreach (var (folder, main) in PluginLocations.PluginFolders(root))
            {
                if (!seen.Add(Path.GetFullPath(folder)))
                    continue;
                if (main is null)
                {
                    failures.Add(new(folder, root.Source, PluginLocations.MissingAssemblyReason(folder)));
                    continue;
                }
                try
                {
                    ITaskPlugin plugin = LoadOne(main);
                    string name = $"'{plugin.Descriptor?.Name}' {plugin.Descriptor?.Version} ({Path.GetFileName(main)})";
                    if (PluginRules.Problems(plugin) is { Count: > 0 } problems)
                        failures.Add(new(folder, root.Source, problems, name));
                    else if (plugins.FirstOrDefault(p => p.Name == plugin.Descriptor!.Name) is { } first)
                        failures.Add(new(folder, root.Source, [$"task '{plugin.Descriptor!.Name}' is already provided by {first.Folder}; this copy is ignored."], name));
                    else
                        plugins.Add(new(plugin, folder, root.Source));
                }
                catch (System.Reflection.ReflectionTypeLoadException e)
                {
                    failures.Add(new(folder, root.Source, "types failed to load: " + string.Join("; ", e.LoaderExceptions.Select(x => x?.Message).Distinct())));
                }
                catch (System.Reflection.TargetInvocationException e) when (e.InnerException is { } inner)
                {
                    failures.Add(new(folder, root.Source, $"the plugin's constructor threw {inner.GetType().Name}: {inner.Message} Fix the plugin (report it to its author)."));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // whatever a plugin's code throws while it is created and described stays with that plugin
                    failures.Add(new(folder, root.Source, e is PluginLoadException or IOException or BadImageFormatException or FileLoadException
                        ? e.Message
                        : $"{e.GetType().Name} while loading: {e.Message} Fix the plugin (report it to its author)."));
                }
            }
        }
        return new PluginCatalog(plugins, failures);
    }

    static ITaskPlugin LoadOne(string mainAssembly)
    {
        if (PluginCompatibility.Check(mainAssembly) is { } refusal)
            throw new PluginLoadException(refusal);
        var loader = PluginLoader.CreateFromAssemblyFile(mainAssembly, SharedTypes, config => config.PreferSharedTypes = true);
        var types = loader.LoadDefaultAssembly().GetExportedTypes()
            .Where(t => typeof(ITaskPlugin).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .ToList();
        if (types.Count != 1)
            throw new PluginLoadException($"{Path.GetFileName(mainAssembly)} must export exactly one public ITaskPlugin class; found {types.Count}.");
        if (types[0].GetConstructor(Type.EmptyTypes) is null)
            throw new PluginLoadException($"{types[0].FullName} needs a public parameterless constructor.");
        return (ITaskPlugin)Activator.CreateInstance(types[0])!;
    }
}

/// <summary>A plugin folder that cannot be used; the message says why and how to fix it.</summary>
internal sealed class PluginLoadException(string message) : Exception(message);
