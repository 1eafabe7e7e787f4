using HfTrain.Engine.Native;
using TorchSharp;

namespace HfTrain.Engine.Tests.Native;

public sealed class TorchLoadTests
{
    [Fact]
    public void Libtorch_loads_and_computes_a_matmul()
    {
        using var a = torch.arange(6, dtype: torch.float32).reshape(2, 3);
        using var b = a.matmul(a.t());                   // [2, 2]
        Assert.Equal(new float[] { 5, 14, 14, 50 }, b.data<float>().ToArray());
        Assert.Contains(TorchRuntime.LoadedNativeLibraries(), p => p.EndsWith("libLibTorchSharp.so", StringComparison.Ordinal));
    }

    [Fact]
    public void The_copied_native_library_has_only_the_glibcxx_3_4_32_reference_relaxed()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        var flags = ElfVersionNeeds.Read(Path.Combine(dir, "libLibTorchSharp.so"));
        Assert.Equal(ElfVersionNeeds.Weak, flags["GLIBCXX_3.4.32"]);
        Assert.All(flags.Where(kv => kv.Key != "GLIBCXX_3.4.32"), kv => Assert.Equal(0, kv.Value & ElfVersionNeeds.Weak));
        Assert.Contains("GLIBCXX_3.4.30", flags.Keys);
    }
}
