using System.IO.Compression;
using System.Xml.Linq;
using HfTrain.Host.Options;

namespace HfTrain.Host.Plugins;

/// <summary>
/// <c>hf-train plugins install</c>: puts a plugin's publish folder, or the <c>lib/net10.0/</c> of its .nupkg, into
/// <c>&lt;plugins&gt;/&lt;name&gt;/</c>, named after the plugin's dll (the rule the loader reads folders by). An
/// installed copy of the same name is replaced whole; the contract (HfTrain.Abstractions) is never copied: the host
/// provides the one copy every plugin shares.
/// </summary>
internal static class PluginInstaller
{
    const string Framework = "net10.0";

    /// <summary>Installs <paramref name="source"/> under <paramref name="pluginsRoot"/>; returns the plugin's folder.</summary>
    public static string Install(string source, string pluginsRoot, string? name = null)
    {
        source = Path.GetFullPath(source);
        if (Directory.Exists(source))
            return FromFolder(source, pluginsRoot, name);
        if (File.Exists(source) && source.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase))
            return FromPackage(source, pluginsRoot, name);
        throw new UsageException($"'{source}' is neither a folder nor a .nupkg file: give the plugin's publish folder (dotnet publish -o <folder>) or its package (dotnet pack).");
    }

    static string FromFolder(string folder, string pluginsRoot, string? name)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .ToList();
        name ??= NameOf(files.Where(f => !f.Contains('/')).ToList(), folder);
        return Replace(pluginsRoot, name, files, target =>
        {
            foreach (string file in files.Where(Installable))
            {
                string destination = Path.Combine(target, file);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(Path.Combine(folder, file), destination);
            }
        });
    }

    static string FromPackage(string package, string pluginsRoot, string? name)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        string lib = $"lib/{Framework}/";
        var entries = zip.Entries.Where(e => e.FullName.StartsWith(lib, StringComparison.Ordinal) && !e.FullName.EndsWith('/')).ToList();
        if (entries.Count == 0)
        {
            var frameworks = zip.Entries.Select(e => e.FullName.Split('/')).Where(p => p.Length > 2 && p[0] == "lib").Select(p => p[1]).Distinct().Order(StringComparer.Ordinal).ToList();
            throw new UsageException($"{package} has no {lib} folder" + (frameworks.Count > 0 ? $" (it has lib/{string.Join(", lib/", frameworks)})" : "") +
                                     $": build the plugin for {Framework} (<TargetFramework>{Framework}</TargetFramework>) and pack it again.");
        }
        var files = entries.Select(e => e.FullName[lib.Length..]).ToList();
        name ??= PackageId(zip) is { } id && files.Contains(id + ".dll") ? id : NameOf(files.Where(f => !f.Contains('/')).ToList(), package);
        return Replace(pluginsRoot, name, files, target =>
        {
            foreach (ZipArchiveEntry entry in entries.Where(e => Installable(e.FullName[lib.Length..])))
            {
                string destination = Path.GetFullPath(Path.Combine(target, entry.FullName[lib.Length..]));
                if (!destination.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    throw new UsageException($"{package}: the entry '{entry.FullName}' points outside the plugin folder; the package is refused.");
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                entry.ExtractToFile(destination);
            }
        });
    }

    /// <summary>The plugin's name: the dll with a .deps.json (what dotnet publish writes for the project), else the only dll.</summary>
    static string NameOf(IReadOnlyList<string> topFiles, string source)
    {
        var dlls = topFiles.Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && Installable(f)).Select(f => f[..^4]).ToList();
        var withDeps = dlls.Where(d => topFiles.Contains(d + ".deps.json")).ToList();
        if (withDeps.Count == 1)
            return withDeps[0];
        if (dlls.Count == 1)
            return dlls[0];
        throw new UsageException(dlls.Count == 0
            ? $"{source} holds no plugin .dll: give the output of dotnet publish (or dotnet pack) of the plugin project."
            : $"{source} holds {string.Join(", ", dlls.Order(StringComparer.Ordinal).Select(d => d + ".dll"))}: say which is the plugin with --name <dll name without .dll>.");
    }

    static string? PackageId(ZipArchive zip)
    {
        ZipArchiveEntry? nuspec = zip.Entries.FirstOrDefault(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
        if (nuspec is null)
            return null;
        using Stream stream = nuspec.Open();
        return XDocument.Load(stream).Descendants().FirstOrDefault(e => e.Name.LocalName == "id")?.Value.Trim();
    }

    /// <summary>Writes the plugin into a hidden folder beside its place (the loader skips those), then swaps it in.</summary>
    static string Replace(string pluginsRoot, string name, IReadOnlyList<string> files, Action<string> write)
    {
        if (name.Length == 0 || name.StartsWith('.') || name.IndexOfAny(['/', '\\']) >= 0)
            throw new UsageException($"'{name}' is not a plugin name: give the plugin's dll name without .dll.");
        if (!files.Contains(name + ".dll"))
            throw new UsageException($"there is no {name}.dll to install (a plugin folder must hold the plugin's dll under the folder's own name).");
        string target = Path.GetFullPath(Path.Combine(pluginsRoot, name));
        string staging = Path.Combine(pluginsRoot, $".{name}.installing");
        if (Directory.Exists(staging))
            Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        write(Path.GetFullPath(staging));
        if (Directory.Exists(target))
            Directory.Delete(target, recursive: true);
        Directory.Move(staging, target);
        return target;
    }

    static bool Installable(string file) =>
        !Path.GetFileName(file).StartsWith(PluginCompatibility.ContractAssembly + ".", StringComparison.Ordinal);
}
