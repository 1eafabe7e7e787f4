using System.Runtime.InteropServices;
using HfTrain.Engine.Native;

namespace HfTrain.Engine.Tests.Native;

public sealed class CudaAllocatorConfigTests
{
    /// <summary>The setting must reach the native environment (where libtorch's allocator reads it), not only .NET's copy.</summary>
    [Fact]
    public void Expandable_segments_reach_the_native_environment_unless_the_user_set_a_value()
    {
        string? before = Environment.GetEnvironmentVariable(CudaAllocatorConfig.Variable);
        string applied = CudaAllocatorConfig.Apply();
        Assert.Equal(string.IsNullOrEmpty(before) ? CudaAllocatorConfig.Default : before, applied);
        Assert.Equal(applied, Marshal.PtrToStringUTF8(GetEnv(CudaAllocatorConfig.Variable)));
    }

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr GetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);
}
