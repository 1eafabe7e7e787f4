using System.Runtime.InteropServices;

namespace HfTrain.Engine.Native;

/// <summary>
/// PyTorch's CUDA caching allocator reads PYTORCH_CUDA_ALLOC_CONF from the native environment when it first
/// allocates. hf-train's batches change shape at every step (dynamic padding), which fragments fixed-size segments;
/// expandable segments let the allocator grow one mapping instead, which lowers peak reserved memory
/// (docs/PERFORMANCE.md). A value the user set is left alone.
/// .NET's Environment.SetEnvironmentVariable does not reach the native environment on Linux, so this calls libc's
/// setenv, before any CUDA allocation.
/// </summary>
public static partial class CudaAllocatorConfig
{
    public const string Variable = "PYTORCH_CUDA_ALLOC_CONF";
    public const string Default = "expandable_segments:True";

    /// <summary>Sets PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True unless it is set; returns the value in effect.</summary>
    public static string Apply()
    {
        string? current = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(current))
            return current;
        if (OperatingSystem.IsLinux() && SetEnv(Variable, Default, 0) == 0)
        {
            Environment.SetEnvironmentVariable(Variable, Default);                 // the managed view agrees
            return Default;
        }
        return "";
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
