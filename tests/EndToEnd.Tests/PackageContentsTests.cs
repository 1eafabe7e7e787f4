using System.IO.Compression;
using System.Text.RegularExpressions;

namespace HfTrain.EndToEnd.Tests;

/// <summary>
/// The tool package holds exactly what a run uses: every file is named in PackageAllowList.txt (native libraries with
/// the reason they load), and every entry there still matches a file. Reads the package InstalledTool packed.
/// </summary>
[Collection(nameof(InstalledTool))]
public sealed class PackageContentsTests(InstalledTool tool)
{
    static readonly IReadOnlyList<AllowedFile> AllowList = AllowedFile.Read(Path.Combine(AppContext.BaseDirectory, "PackageAllowList.txt"));

    [Fact]
    public void Every_file_in_the_package_is_on_the_allow_list()
    {
        var unexpected = PackageFiles().Where(file => !AllowList.Any(entry => entry.Matches(file))).ToList();
        Assert.True(unexpected.Count == 0,
            "files in the package that PackageAllowList.txt does not allow (trim them in tools/LinuxX64Natives.targets, or allow them with a reason):\n  "
            + string.Join("\n  ", unexpected));
    }

    [Fact]
    public void Every_allow_list_entry_matches_a_file_in_the_package()
    {
        var files = PackageFiles();
        var stale = AllowList.Where(entry => !files.Any(entry.Matches)).Select(entry => entry.Pattern).ToList();
        Assert.True(stale.Count == 0, "PackageAllowList.txt entries that match no file in the package:\n  " + string.Join("\n  ", stale));
    }

    [Fact]
    public void Native_libraries_are_linux_x64_only_and_each_has_a_reason()
    {
        Assert.DoesNotContain(PackageFiles(), file => file.Contains("/runtimes/", StringComparison.Ordinal)
                                                    && !file.Contains("/runtimes/linux-x64/native/", StringComparison.Ordinal));
        var unexplained = AllowList.Where(entry => entry.Pattern.Contains("runtimes/", StringComparison.Ordinal) && entry.Reason.Length == 0);
        Assert.Empty(unexplained);
    }

    List<string> PackageFiles()
    {
        using var zip = ZipFile.OpenRead(tool.Package);
        return zip.Entries.Where(e => !e.FullName.EndsWith('/')).Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
    }
}

/// <summary>One line of PackageAllowList.txt: a path pattern (<c>*</c> within a folder name, <c>**</c> across folders) and why.</summary>
sealed record AllowedFile(string Pattern, string Reason)
{
    readonly Regex _regex = new("^" + string.Concat(Regex.Split(Pattern, @"(\*\*|\*)").Select(part => part switch
    {
        "**" => ".*",
        "*" => "[^/]*",
        _ => Regex.Escape(part),
    })) + "$", RegexOptions.CultureInvariant);

    public bool Matches(string path) => _regex.IsMatch(path);

    public static IReadOnlyList<AllowedFile> Read(string path) =>
        File.ReadAllLines(path)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(default(char[]), 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(parts => new AllowedFile(parts[0], parts.Length > 1 ? parts[1] : ""))
            .ToList();
}
