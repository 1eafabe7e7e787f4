using System.Text.RegularExpressions;

namespace HfTrain.Engine.Native;

/// <summary>
/// Decides which libtorch to load, as a function of the HF_TRAIN_TORCH_LIB value, the python3 probe and the files
/// on disk: (1) HF_TRAIN_TORCH_LIB, (2) <c>torch/lib</c> of the python3 on PATH, (3) TorchSharp's bundled CPU build.
/// Loads nothing; <see cref="TorchLibrary.Load"/> acts on the result.
/// </summary>
public static partial class TorchLibrarySearch
{
    public const string FolderVariable = "HF_TRAIN_TORCH_LIB";

    /// <summary>HF_TRAIN_TORCH_LIB=bundled forces TorchSharp's CPU build (an escape hatch when python's torch misbehaves).</summary>
    public const string BundledValue = "bundled";

    /// <summary>TorchSharp 0.107 is built against libtorch 2.10; older ones lack symbols it calls (2.11 was verified to work).</summary>
    public static readonly Version MinimumVersion = new(2, 10);

    /// <summary>The files every libtorch folder has, in dependency order (libtorch_cuda.so goes before libtorch.so when present).</summary>
    public static readonly IReadOnlyList<string> RequiredFiles = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];

    public const string CudaFile = "libtorch_cuda.so";

    /// <param name="folderVariable">The HF_TRAIN_TORCH_LIB value (null or empty: not set).</param>
    /// <param name="python">Runs the python3 probe; called only when HF_TRAIN_TORCH_LIB is not set.</param>
    /// <param name="bundledFolder">Where TorchSharp's own native files are (next to libLibTorchSharp.so).</param>
    /// <exception cref="TorchLibraryException">HF_TRAIN_TORCH_LIB names a folder that is not a usable libtorch.</exception>
    public static TorchLibraryChoice Choose(string? folderVariable, Func<PythonTorchProbe> python, string bundledFolder)
    {
        var tried = new List<TorchLibraryCandidate>();
        if (!string.IsNullOrWhiteSpace(folderVariable))
        {
            if (string.Equals(folderVariable.Trim(), BundledValue, StringComparison.OrdinalIgnoreCase))
                return Bundled(bundledFolder, $"{FolderVariable}={BundledValue}", tried);
            string folder = Path.GetFullPath(folderVariable.Trim());
            // The user named this folder: a mistake here is an error, not a silent fall-back to the CPU.
            string? problem = Problem(folder, out string? version);
            if (problem is not null)
                throw new TorchLibraryException(
                    $"{FolderVariable}={folderVariable}: {problem}. Point it at a libtorch folder (with {string.Join(", ", RequiredFiles)}; " +
                    "for PyTorch: python3 -c \"import torch,os;print(os.path.join(os.path.dirname(torch.__file__),'lib'))\"), " +
                    $"unset it to search python3's torch, or set {FolderVariable}={BundledValue} for TorchSharp's CPU build.");
            return new TorchLibraryChoice(folder, false, HasCuda(folder), $"{FolderVariable} is set", version, tried);
        }
        tried.Add(new TorchLibraryCandidate(FolderVariable, null, "not set"));

        PythonTorchProbe probe = python();
        if (probe.PackageFolder is null)
        {
            tried.Add(new TorchLibraryCandidate("python3 torch", null, probe.Failure ?? "not found"));
        }
        else
        {
            string folder = Path.Combine(probe.PackageFolder, "lib");
            string? problem = Problem(folder, out string? version);
            if (problem is null)
                return new TorchLibraryChoice(folder, false, HasCuda(folder), $"the torch package of python3 on PATH ({probe.PackageFolder})", version, tried);
            tried.Add(new TorchLibraryCandidate("python3 torch", folder, problem));
        }
        return Bundled(bundledFolder, "no other libtorch found", tried);
    }

    /// <summary>Why <paramref name="folder"/> is not a usable libtorch, or null; reads its version when it can.</summary>
    public static string? Problem(string folder, out string? version)
    {
        version = null;
        if (!Directory.Exists(folder))
            return "the folder does not exist";
        var missing = RequiredFiles.Where(f => !File.Exists(Path.Combine(folder, f))).ToList();
        if (missing.Count > 0)
            return $"{string.Join(", ", missing)} missing in {folder}";
        version = ReadVersion(folder);
        if (version is not null && ParseMajorMinor(version) is { } v && v < MinimumVersion)
            return $"torch {version} is older than {MinimumVersion}, the libtorch TorchSharp 0.107 is built for";
        return null;
    }

    static TorchLibraryChoice Bundled(string folder, string why, List<TorchLibraryCandidate> tried)
    {
        string? version = ReadVersion(folder);
        var missing = RequiredFiles.Where(f => !File.Exists(Path.Combine(folder, f))).ToList();
        string reason = missing.Count == 0
            ? $"{why}: TorchSharp's bundled CPU build"
            : $"{why}: TorchSharp's bundled CPU build, but {string.Join(", ", missing)} missing in {folder} (libtorch will fail to load; " +
              $"set {FolderVariable} or install PyTorch for python3)";
        return new TorchLibraryChoice(folder, true, HasCuda(folder), reason, version, tried);
    }

    static bool HasCuda(string folder) => File.Exists(Path.Combine(folder, CudaFile));

    /// <summary>
    /// The version of a libtorch folder: PyTorch's <c>torch/version.py</c> (<c>__version__ = '2.11.0+cu130'</c>) next to
    /// <c>torch/lib</c>, or the <c>build-version</c> file at the root of a libtorch zip (<c>libtorch/lib</c>).
    /// </summary>
    public static string? ReadVersion(string folder)
    {
        string parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))) ?? folder;
        string versionPy = Path.Combine(parent, "version.py");
        if (File.Exists(versionPy))
        {
            foreach (string line in File.ReadLines(versionPy))
                if (VersionLine().Match(line) is { Success: true } m)
                    return m.Groups[1].Value;
        }
        string buildVersion = Path.Combine(parent, "build-version");
        if (File.Exists(buildVersion))
            return File.ReadLines(buildVersion).FirstOrDefault()?.Trim() is { Length: > 0 } text ? text : null;
        return null;
    }

    /// <summary>"2.11.0+cu130" → 2.11; null when it does not start with two numbers.</summary>
    public static Version? ParseMajorMinor(string version) =>
        MajorMinor().Match(version) is { Success: true } m ? new Version(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value)) : null;

    [GeneratedRegex(@"^__version__\s*=\s*['""]([^'""]+)['""]")]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"^(\d+)\.(\d+)")]
    private static partial Regex MajorMinor();
}
