using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using HfTrain.Abstractions;

namespace HfTrain.Host.Plugins;

/// <summary>
/// Reads which HfTrain.Abstractions a plugin was compiled against, from its metadata, without loading it:
/// a plugin built against another major version is refused before any of its code runs.
/// </summary>
internal static class PluginCompatibility
{
    public const string ContractAssembly = "HfTrain.Abstractions";

    public static Version HostContractVersion { get; } = typeof(ITaskPlugin).Assembly.GetName().Version!;

    /// <summary>Null when compatible, else the reason it is refused.</summary>
    public static string? Check(string assemblyPath)
    {
        Version? referenced;
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
                return $"{assemblyPath} is not a .NET assembly.";
            MetadataReader metadata = pe.GetMetadataReader();
            referenced = metadata.AssemblyReferences
                .Select(metadata.GetAssemblyReference)
                .Where(r => metadata.GetString(r.Name) == ContractAssembly)
                .Select(r => r.Version)
                .FirstOrDefault();
        }
        catch (BadImageFormatException e)
        {
            return $"{assemblyPath} is not a valid .NET assembly ({e.Message}).";
        }
        if (referenced is null)
            return $"{Path.GetFileName(assemblyPath)} does not reference {ContractAssembly}: it is not an hf-train plugin.";
        if (referenced.Major != HostContractVersion.Major)
            return $"{Path.GetFileName(assemblyPath)} was built against {ContractAssembly} {referenced.Major}.x, but this hf-train " +
                   $"provides {HostContractVersion.Major}.x. Rebuild the plugin against {ContractAssembly} {HostContractVersion.Major}.*.";
        return null;
    }
}
