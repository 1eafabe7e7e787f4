using System.Runtime.InteropServices;

namespace HfTrain.Engine.Native;

/// <summary>
/// Picks and loads the libtorch this process uses; call <see cref="Load"/> once at start-up, before any TorchSharp call.
/// <para>
/// Why this works: TorchSharp P/Invokes <c>libLibTorchSharp.so</c>, which needs <c>libtorch.so</c>, <c>libc10.so</c>
/// and <c>libtorch_cpu.so</c> by soname. The dynamic loader satisfies a soname from an object already in the process
/// before it searches any path, so loading a PyTorch <c>torch/lib</c> by full path first (dependency order) makes
/// TorchSharp bind to it instead of its bundled CPU build — the same effect as <c>LD_LIBRARY_PATH</c> in
/// ../shared/gpu/run.sh, without needing it. No RTLD_GLOBAL is needed: libLibTorchSharp resolves symbols in its own
/// dependency tree, which these objects then are. TorchSharp's later <c>TryLoad("torch_cuda")</c> finds the same one.
/// </para>
/// </summary>
public static class TorchLibrary
{
    static readonly Lock Gate = new();
    static TorchLibraryChoice? s_choice;

    /// <summary>What <see cref="Load"/> chose, or null before it ran.</summary>
    public static TorchLibraryChoice? Choice
    {
        get { lock (Gate) return s_choice; }
    }

    /// <summary>How long the python3 probe may take (it does not import torch, so it usually answers in ~50 ms).</summary>
    public static TimeSpan PythonTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Chooses (see <see cref="TorchLibrarySearch"/>) and loads the libtorch; later calls return the first choice.</summary>
    /// <exception cref="TorchLibraryException">HF_TRAIN_TORCH_LIB is unusable, or the chosen libtorch failed to load.</exception>
    public static TorchLibraryChoice Load()
    {
        lock (Gate)
        {
            if (s_choice is not null)
                return s_choice;
            var loaded = TorchRuntime.LoadedNativeLibraries();
            if (loaded.Count > 0)
            {
                // TorchSharp was used before Load(): whatever it bound to stays; report it honestly.
                string folder = Path.GetDirectoryName(loaded.FirstOrDefault(p => p.EndsWith("/libtorch.so", StringComparison.Ordinal)) ?? loaded[0]) ?? "";
                return s_choice = new TorchLibraryChoice(folder, folder == BundledFolder(), File.Exists(Path.Combine(folder, TorchLibrarySearch.CudaFile)),
                    "libtorch was already loaded before TorchLibrary.Load()", TorchLibrarySearch.ReadVersion(folder), []);
            }
            TorchLibraryChoice choice = TorchLibrarySearch.Choose(
                Environment.GetEnvironmentVariable(TorchLibrarySearch.FolderVariable), () => PythonTorchProbe.Run(PythonTimeout), BundledFolder());
            if (!choice.IsBundled)
                Preload(choice);
            return s_choice = choice;
        }
    }

    /// <summary>
    /// The address of a C++ symbol (mangled name) in the loaded libtorch_cpu.so, for what TorchSharp does not expose
    /// (<see cref="AttentionBackends"/>, <see cref="FusedRmsNorm"/>); false when the file or the symbol is missing.
    /// </summary>
    public static bool TryGetCpuExport(string symbol, out IntPtr address)
    {
        address = IntPtr.Zero;
        return NativeLibrary.TryLoad(Path.Combine(Load().Folder, "libtorch_cpu.so"), out IntPtr library)
            && NativeLibrary.TryGetExport(library, symbol, out address);
    }

    /// <summary>Loads the libtorch files by full path, in dependency order; they stay loaded for the process lifetime.</summary>
    static void Preload(TorchLibraryChoice choice)
    {
        string[] order = choice.HasCuda
            ? ["libc10.so", "libtorch_cpu.so", TorchLibrarySearch.CudaFile, "libtorch.so"]
            : ["libc10.so", "libtorch_cpu.so", "libtorch.so"];
        foreach (string file in order)
        {
            string path = Path.Combine(choice.Folder, file);
            try
            {
                NativeLibrary.Load(path);
            }
            catch (DllNotFoundException e)
            {
                // No fall-back: files already loaded cannot be reliably unloaded, and a mix of two libtorch builds crashes later.
                throw new TorchLibraryException(
                    $"Could not load {path} (chosen because {choice.Reason}): {e.Message}. Set {TorchLibrarySearch.FolderVariable} to another " +
                    $"libtorch folder, or {TorchLibrarySearch.FolderVariable}={TorchLibrarySearch.BundledValue} for TorchSharp's CPU build.");
            }
        }
    }

    /// <summary>Where TorchSharp's own native files are: the app folder (published) or runtimes/linux-x64/native (build output).</summary>
    public static string BundledFolder()
    {
        string app = AppContext.BaseDirectory;
        string runtimes = Path.Combine(app, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
        foreach (string folder in new[] { app, runtimes, Path.Combine(app, "runtimes", "linux-x64", "native") })
            if (File.Exists(Path.Combine(folder, "libLibTorchSharp.so")))
                return Path.TrimEndingDirectorySeparator(folder);
        return Path.TrimEndingDirectorySeparator(app);
    }
}
