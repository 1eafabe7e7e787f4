using System.Runtime.InteropServices;

namespace HfTrain.Engine.Native;

/// <summary>
/// Which fused kernels scaled_dot_product_attention may pick on CUDA. TorchSharp 0.107 exposes the flash and math
/// switches but not cuDNN's, and PyTorch prefers cuDNN attention on Hopper: it builds an execution plan per input
/// shape, and with dynamic padding nearly every batch has new shapes — measured on an H200, 30 ms of host time in
/// the first cross-attention of each step and as much again in backward (docs/PERFORMANCE.md). hf-train turns it
/// off so SDPA uses the flash and memory-efficient kernels, which need no plan.
/// The switch is at::Context::setSDPUseCuDNN, called through its C++ symbol in the loaded libtorch_cpu.so (a
/// non-virtual member: the context pointer is the first argument).
/// </summary>
public static unsafe class AttentionBackends
{
    const string GlobalContext = "_ZN2at13globalContextEv";
    const string SetUseCudnn = "_ZN2at7Context14setSDPUseCuDNNEb";
    const string UserEnabledCudnn = "_ZNK2at7Context19userEnabledCuDNNSDPEv";

    /// <summary>Environment variable: 1 keeps cuDNN attention enabled (for measurements).</summary>
    public const string KeepCudnnVariable = "HF_TRAIN_CUDNN_SDP";

    /// <summary>Whether SDPA may use cuDNN attention now (at::Context::userEnabledCuDNNSDP); null when the symbol is missing.</summary>
    public static bool? CudnnAttentionEnabled() =>
        Resolve() is var (context, _, getFn) && context != IntPtr.Zero ? ((delegate* unmanaged<IntPtr, byte>)getFn)(context) != 0 : null;

    /// <summary>at::globalContext() and the two member functions, looked up once in the loaded libtorch_cpu.so.</summary>
    static (IntPtr Context, IntPtr Set, IntPtr Get) Resolve() => Symbols.Value;

    static readonly Lazy<(IntPtr Context, IntPtr Set, IntPtr Get)> Symbols = new(Lookup);

    static (IntPtr Context, IntPtr Set, IntPtr Get) Lookup()
    {
        if (!TorchLibrary.TryGetCpuExport(GlobalContext, out IntPtr contextFn)
            || !TorchLibrary.TryGetCpuExport(SetUseCudnn, out IntPtr setFn)
            || !TorchLibrary.TryGetCpuExport(UserEnabledCudnn, out IntPtr getFn))
            return (IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        return (((delegate* unmanaged<IntPtr>)contextFn)(), setFn, getFn);
    }

    /// <summary>Sets libtorch's global cuDNN-attention switch; false when the symbols are missing.</summary>
    public static bool SetCudnnAttention(bool enabled)
    {
        var (context, setFn, _) = Resolve();
        if (context == IntPtr.Zero)
            return false;
        ((delegate* unmanaged<IntPtr, byte, void>)setFn)(context, enabled ? (byte)1 : (byte)0);
        return true;
    }

    /// <summary>Turns cuDNN attention off (unless HF_TRAIN_CUDNN_SDP=1).</summary>
    /// <returns>What was done, for the run log; null when nothing was to be done.</returns>
    public static string? DisableCudnnAttention()
    {
        if (Environment.GetEnvironmentVariable(KeepCudnnVariable) == "1")
            return "cuDNN attention kept on (HF_TRAIN_CUDNN_SDP=1)";
        if (!SetCudnnAttention(false))
            return "cuDNN attention switch not found in this libtorch; left as it is";
        return CudnnAttentionEnabled() == true ? "cuDNN attention could not be turned off" : null;
    }
}
