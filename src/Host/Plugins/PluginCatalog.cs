using HfTrain.Abstractions;
using McMaster.NETCore.Plugins;

namespace HfTrain.Host.Plugins;

/// <summary>A task plugin that loaded, with where it came from.</summary>
internal sealed record LoadedPlugin(ITaskPlugin Plugin, string Folder, PluginSource Source)
{
    public string Name => Plugin.Descriptor.Name;
}

/// <summary>A plugin folder that did not load, and why (shown by <c>plugins list</c> and as a warning).</summary>
internal sealed record PluginFailure(string Folder, PluginSource Source, string Reason);

/// <summary>
/// Finds and loads task plugins. Only the contract (HfTrain.Abstractions) and TorchSharp cross the boundary:
/// they are shared with the host, so there is one TorchSharp and one libtorch per process. A plugin that fails
/// is reported; the others keep working. The first plugin of a task name wins (built-in before user).
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
                try
                {
                    ITaskPlugin plugin = LoadOne(main);
                    if (plugins.FirstOrDefault(p => p.Name == plugin.Descriptor.Name) is { } first)
                        failures.Add(new(folder, root.Source, $"task '{plugin.Descriptor.Name}' is already provided by {first.Folder}; this copy is ignored."));
                    else
                        plugins.Add(new(plugin, folder, root.Source));
                }
                catch (Exception e) when (e is PluginLoadException or IOException or BadImageFormatException
                                              or TypeLoadException or MissingMethodException or System.Reflection.TargetInvocationException
                                              or FileLoadException or InvalidOperationException)
                {
                    failures.Add(new(folder, root.Source, e.Message));
                }
                catch (System.Reflection.ReflectionTypeLoadException e)
                {
                    failures.Add(new(folder, root.Source, "types failed to load: " + string.Join("; ", e.LoaderExceptions.Select(x => x?.Message).Distinct())));
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
