namespace HfTrain.Engine.Native;

/// <summary>One place a libtorch was looked for and why it was not used (e.g. "HF_TRAIN_TORCH_LIB", "not set").</summary>
public sealed record TorchLibraryCandidate(string Source, string? Folder, string SkippedBecause);

/// <summary>
/// The libtorch this process uses: the folder with libtorch.so, libc10.so, libtorch_cpu.so (and libtorch_cuda.so
/// for a CUDA build), why it was chosen, and the candidates tried before it — shown by <c>hf-train env</c>.
/// </summary>
/// <param name="Folder">The libtorch folder (for the bundled build: where TorchSharp's native files are).</param>
/// <param name="IsBundled">True when TorchSharp's own CPU libtorch (the NuGet package) is used.</param>
/// <param name="HasCuda">True when the folder holds libtorch_cuda.so (a CUDA build; a GPU may still be absent).</param>
/// <param name="Version">The torch version when known (torch/version.py, libtorch's build-version file).</param>
public sealed record TorchLibraryChoice(
    string Folder, bool IsBundled, bool HasCuda, string Reason, string? Version, IReadOnlyList<TorchLibraryCandidate> Tried)
{
    /// <summary>One line for logs: "torch 2.11.0+cu130 (CUDA build) from /…/torch/lib".</summary>
    public string Summary =>
        $"{(IsBundled ? "TorchSharp's bundled libtorch" : "libtorch")}{(Version is null ? "" : " " + Version)}" +
        $" ({(HasCuda ? "CUDA build" : "CPU build")}) from {Folder}";
}
