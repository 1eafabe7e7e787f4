using HfTrain.Engine.Native;
using TorchSharp;

namespace HfTrain.Engine.Tests.Native;

/// <summary>The real Load() in this process: on the CPU test machine (no HF_TRAIN_TORCH_LIB, no python torch) nothing changes.</summary>
public sealed class TorchLibraryLoadTests
{
    [Fact]
    public void Load_is_idempotent_and_libtorch_computes_afterwards()
    {
        TorchLibraryChoice first = TorchLibrary.Load();
        Assert.Same(first, TorchLibrary.Load());
        Assert.Same(first, TorchLibrary.Choice);
        using var a = torch.arange(4, dtype: torch.float32).reshape(2, 2);
        using var b = a.matmul(a);                       // [2, 2]
        Assert.Equal(new float[] { 2, 3, 6, 11 }, b.data<float>().ToArray());
        Assert.Contains(TorchRuntime.LoadedNativeLibraries(), p => p.StartsWith(first.Folder + "/", StringComparison.Ordinal));
    }

    [Fact]
    public void The_bundled_folder_holds_torchsharps_native_library()
    {
        Assert.True(File.Exists(Path.Combine(TorchLibrary.BundledFolder(), "libLibTorchSharp.so")));
    }

    [Fact]
    public void The_env_report_names_the_choice_and_the_loaded_files()
    {
        TorchLibrary.Load();
        var report = TorchRuntime.Report();
        Assert.StartsWith("- libtorch choice: ", report[0], StringComparison.Ordinal);
        Assert.StartsWith("  - because: ", report[1], StringComparison.Ordinal);
        Assert.Contains(report, line => line.StartsWith("  - loaded: ", StringComparison.Ordinal) && line.EndsWith("libtorch.so", StringComparison.Ordinal));
    }

    [Fact]
    public void The_python_probe_answers_without_throwing()
    {
        PythonTorchProbe probe = PythonTorchProbe.Run(TimeSpan.FromSeconds(20));
        if (probe.PackageFolder is null)
            Assert.False(string.IsNullOrWhiteSpace(probe.Failure));
        else
            Assert.True(File.Exists(Path.Combine(probe.PackageFolder, "__init__.py")));
    }
}
