using HfTrain.Engine.Native;

namespace HfTrain.Engine.Tests.Native;

/// <summary>The libtorch search on real temp folders: HF_TRAIN_TORCH_LIB, then python3's torch/lib, then the bundled CPU build.</summary>
public sealed class TorchLibrarySearchTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("hf-train-torchlib-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    string Folder(string name, params string[] files)
    {
        string folder = Path.Combine(_root, name);
        Directory.CreateDirectory(folder);
        foreach (string file in files)
            File.WriteAllText(Path.Combine(folder, file), "");
        return folder;
    }

    /// <summary>A pip-style torch package: torch/version.py and torch/lib with the libtorch files.</summary>
    string PythonTorch(string version, bool cuda = true)
    {
        string lib = Folder(Path.Combine("site-packages", "torch", "lib"),
            cuda ? ["libc10.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so"] : ["libc10.so", "libtorch_cpu.so", "libtorch.so"]);
        string package = Path.GetDirectoryName(lib)!;
        File.WriteAllText(Path.Combine(package, "version.py"), $"__version__ = '{version}'\ndebug = False\ncuda: Optional[str] = '13.0'\n");
        return package;
    }

    string Bundled() => Folder("bundled", "libLibTorchSharp.so", "libc10.so", "libtorch_cpu.so", "libtorch.so");

    static PythonTorchProbe NoPythonCall() => throw new InvalidOperationException("python3 must not be probed");

    [Fact]
    public void The_variable_wins_and_python_is_not_probed()
    {
        string lib = Folder("libtorch/lib", "libc10.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so");
        File.WriteAllText(Path.Combine(_root, "libtorch", "build-version"), "2.10.0+cu128\n");

        TorchLibraryChoice choice = TorchLibrarySearch.Choose(lib, NoPythonCall, Bundled());

        Assert.Equal(lib, choice.Folder);
        Assert.False(choice.IsBundled);
        Assert.True(choice.HasCuda);
        Assert.Equal("2.10.0+cu128", choice.Version);
        Assert.Equal("HF_TRAIN_TORCH_LIB is set", choice.Reason);
        Assert.Empty(choice.Tried);
    }

    [Fact]
    public void A_variable_naming_an_incomplete_folder_is_an_error_that_names_the_variable_and_the_missing_file()
    {
        string lib = Folder("broken", "libc10.so", "libtorch_cpu.so");

        var e = Assert.Throws<TorchLibraryException>(() => TorchLibrarySearch.Choose(lib, NoPythonCall, Bundled()));

        Assert.Contains($"HF_TRAIN_TORCH_LIB={lib}", e.Message, StringComparison.Ordinal);
        Assert.Contains("libtorch.so missing", e.Message, StringComparison.Ordinal);
        Assert.Contains("HF_TRAIN_TORCH_LIB=bundled", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variable_naming_a_missing_folder_is_an_error()
    {
        var e = Assert.Throws<TorchLibraryException>(() => TorchLibrarySearch.Choose(Path.Combine(_root, "nope"), NoPythonCall, Bundled()));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_variable_set_to_bundled_forces_the_cpu_build()
    {
        string bundled = Bundled();
        TorchLibraryChoice choice = TorchLibrarySearch.Choose("bundled", NoPythonCall, bundled);
        Assert.True(choice.IsBundled);
        Assert.Equal(bundled, choice.Folder);
        Assert.StartsWith("HF_TRAIN_TORCH_LIB=bundled", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_variable_python3s_torch_lib_is_used_with_its_version()
    {
        string package = PythonTorch("2.11.0+cu130");

        TorchLibraryChoice choice = TorchLibrarySearch.Choose(null, () => PythonTorchProbe.Found(package), Bundled());

        Assert.Equal(Path.Combine(package, "lib"), choice.Folder);
        Assert.False(choice.IsBundled);
        Assert.True(choice.HasCuda);
        Assert.Equal("2.11.0+cu130", choice.Version);
        Assert.Contains(package, choice.Reason, StringComparison.Ordinal);
        Assert.Equal([new TorchLibraryCandidate("HF_TRAIN_TORCH_LIB", null, "not set")], choice.Tried);
        Assert.Equal($"libtorch 2.11.0+cu130 (CUDA build) from {choice.Folder}", choice.Summary);
    }

    [Fact]
    public void A_cpu_only_python_torch_is_still_chosen_and_says_so()
    {
        string package = PythonTorch("2.10.1+cpu", cuda: false);
        TorchLibraryChoice choice = TorchLibrarySearch.Choose("", () => PythonTorchProbe.Found(package), Bundled());
        Assert.False(choice.IsBundled);
        Assert.False(choice.HasCuda);
    }

    [Fact]
    public void A_python_torch_older_than_libtorch_2_10_is_skipped_with_the_reason()
    {
        string package = PythonTorch("2.5.1+cu124");

        TorchLibraryChoice choice = TorchLibrarySearch.Choose(null, () => PythonTorchProbe.Found(package), Bundled());

        Assert.True(choice.IsBundled);
        TorchLibraryCandidate python = choice.Tried[1];
        Assert.Equal("python3 torch", python.Source);
        Assert.Equal(Path.Combine(package, "lib"), python.Folder);
        Assert.Contains("torch 2.5.1+cu124 is older than 2.10", python.SkippedBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void A_python_torch_without_libtorch_files_is_skipped_with_the_missing_files()
    {
        string package = Folder(Path.Combine("empty-site", "torch"), "__init__.py");
        TorchLibraryChoice choice = TorchLibrarySearch.Choose(null, () => PythonTorchProbe.Found(package), Bundled());
        Assert.True(choice.IsBundled);
        Assert.Equal("the folder does not exist", choice.Tried[1].SkippedBecause);
    }

    [Fact]
    public void With_nothing_found_the_bundled_cpu_build_is_used_and_every_candidate_says_why()
    {
        string bundled = Bundled();

        TorchLibraryChoice choice = TorchLibrarySearch.Choose(null, () => PythonTorchProbe.NotFound("no python3 on PATH"), bundled);

        Assert.True(choice.IsBundled);
        Assert.False(choice.HasCuda);
        Assert.Equal(bundled, choice.Folder);
        Assert.Equal("no other libtorch found: TorchSharp's bundled CPU build", choice.Reason);
        Assert.Equal(
            [new TorchLibraryCandidate("HF_TRAIN_TORCH_LIB", null, "not set"), new TorchLibraryCandidate("python3 torch", null, "no python3 on PATH")],
            choice.Tried);
    }

    [Fact]
    public void A_bundled_folder_without_libtorch_is_reported_in_the_reason()
    {
        // what pack.sh ships to the GPU machine: libLibTorchSharp.so but no CPU libtorch
        string bundled = Folder("app", "libLibTorchSharp.so");
        TorchLibraryChoice choice = TorchLibrarySearch.Choose(null, () => PythonTorchProbe.NotFound("python3 has no torch package"), bundled);
        Assert.Contains("libc10.so, libtorch_cpu.so, libtorch.so missing", choice.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2.11.0+cu130", 2, 11)]
    [InlineData("2.10.0", 2, 10)]
    [InlineData("10.2", 10, 2)]
    public void Versions_parse_to_major_and_minor(string text, int major, int minor) =>
        Assert.Equal(new Version(major, minor), TorchLibrarySearch.ParseMajorMinor(text));

    [Fact]
    public void An_unparsable_version_is_not_a_reason_to_skip()
    {
        string package = PythonTorch("nightly");
        Assert.Null(TorchLibrarySearch.ParseMajorMinor("nightly"));
        Assert.False(TorchLibrarySearch.Choose(null, () => PythonTorchProbe.Found(package), Bundled()).IsBundled);
    }
}
