using System.Reflection;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using HfTrain.Abstractions;

namespace HfTrain.Host.Jobs;

/// <summary>
/// Which build of some code made a cache entry. An assembly's MVID (<c>ModuleVersionId</c>) is new whenever its bytes
/// are (deterministic builds derive it from the content), so a plugin rebuilt with changed code but the same version
/// gets a new identity and can never read the tokens its previous build wrote.
/// </summary>
internal static class CodeIdentity
{
    public static string Of(Assembly assembly) => $"{assembly.GetName().Name}:{assembly.ManifestModule.ModuleVersionId:N}";

    /// <summary>The plugin's assembly, and every other dll in its folder (its private dependencies): MVID, or a
    /// SHA-256 of the bytes for a native library.</summary>
    public static string OfPlugin(ITaskPlugin plugin)
    {
        Assembly main = plugin.GetType().Assembly;
        var parts = new List<string> { Of(main) };
        string? folder = string.IsNullOrEmpty(main.Location) ? null : Path.GetDirectoryName(main.Location);
        if (folder is not null && Path.GetFullPath(folder) != Path.GetFullPath(AppContext.BaseDirectory))
        {
            foreach (string dll in Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal))
            {
                if (!string.Equals(dll, main.Location, StringComparison.Ordinal))
                    parts.Add($"{Path.GetFileName(dll)}:{FileIdentity(dll)}");
            }
        }
        return string.Join(";", parts);
    }

    static string FileIdentity(string path)
    {
        using (var stream = File.OpenRead(path))
        using (var pe = new PEReader(stream))
        {
            if (pe.HasMetadata)
            {
                var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
                return metadata.GetGuid(metadata.GetModuleDefinition().Mvid).ToString("N");
            }
        }
        return Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
    }
}
