using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace HfTrain.Engine.Native;

/// <summary>
/// libtorch's rms_norm (one fused kernel: at::_fused_rms_norm) for T5's layer norm, which TorchSharp 0.107 does not
/// expose: written out it is six or seven kernels (pow, mean, add, rsqrt, mul, mul, and a cast), and a decoding step of
/// t5-small runs 19 norms — over half its kernels (docs/PERFORMANCE.md). Called through the op's C++ symbol in the
/// loaded libtorch_cpu.so, at::_ops::rms_norm::call(const Tensor&amp;, ArrayRef&lt;SymInt&gt;, const optional&lt;Tensor&gt;&amp;,
/// optional&lt;double&gt;), with the Itanium C++ ABI on x86-64 Linux: the returned Tensor through a hidden pointer to memory
/// from libstdc++'s operator new (TorchSharp deletes a tensor handle with delete), the ArrayRef {data, length} in two
/// registers, the optional double {value, engaged} in an SSE and an integer register. A TorchSharp tensor handle points
/// to an at::Tensor, so it serves as the const Tensor&amp;. The op runs without autograd's graph only (callers check). A C++
/// exception cannot cross this call into .NET: the arguments are checked here first, and what remains (the device running
/// out of memory for the output) ends the process with libtorch's message (std::terminate prints it) instead of a .NET
/// exception — a guard allocation before each call would cost a host call per norm, 19 per decoding step.
/// </summary>
public static unsafe class FusedRmsNorm
{
    const string RmsNormCall = "_ZN2at4_ops8rms_norm4callERKNS_6TensorEN3c108ArrayRefINS5_6SymIntEEERKSt8optionalIS2_ES9_IdE";
    const string OperatorNew = "_Znwm";

    /// <summary>Environment variable: 0 writes the norm out as separate kernels (for comparisons).</summary>
    public const string Variable = "HF_TRAIN_FUSED_RMS_NORM";

    [StructLayout(LayoutKind.Sequential)]
    struct SymIntArrayRef
    {
        public long* Data;
        public nint Length;
    }

    [StructLayout(LayoutKind.Sequential, Size = 16)]
    struct OptionalTensor
    {
        public IntPtr Impl;                                   // at::Tensor is one intrusive pointer to its TensorImpl
        public byte Engaged;
    }

    [StructLayout(LayoutKind.Sequential, Size = 16)]
    struct OptionalDouble
    {
        public double Value;
        public byte Engaged;
    }

    static readonly Lazy<(IntPtr Call, IntPtr New)> Symbols = new(Lookup);

    static (IntPtr Call, IntPtr New) Lookup()
    {
        if (Environment.GetEnvironmentVariable(Variable) == "0" || !OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return (IntPtr.Zero, IntPtr.Zero);
        if (!TorchLibrary.TryGetCpuExport(RmsNormCall, out IntPtr call)
            || !NativeLibrary.TryLoad("libstdc++.so.6", out IntPtr cxx)
            || !NativeLibrary.TryGetExport(cxx, OperatorNew, out IntPtr allocate))
            return (IntPtr.Zero, IntPtr.Zero);
        return (call, allocate);
    }

    /// <summary>Whether the loaded libtorch has the op (and HF_TRAIN_FUSED_RMS_NORM is not 0).</summary>
    public static bool Available => Symbols.Value.Call != IntPtr.Zero;

    /// <summary>x · rsqrt(mean(x², last dim) + eps) · weight, accumulated in float32 (float64 for float64 input).</summary>
    /// <param name="x">[..., D] float tensor.</param>
    /// <param name="weight">[D] of x's dtype and device, or null for none.</param>
    public static Tensor Apply(Tensor x, Tensor? weight, double eps)
    {
        var (call, allocate) = Symbols.Value;
        if (call == IntPtr.Zero)
            throw new InvalidOperationException("libtorch's rms_norm was not found; check FusedRmsNorm.Available first.");
        long d = x.shape[^1];
        if (!x.is_floating_point())
            throw new ArgumentException($"rms_norm needs a floating-point input, not {x.dtype}.", nameof(x));
        if (weight is not null && (weight.dtype != x.dtype || weight.device_type != x.device_type || weight.device_index != x.device_index || weight.dim() != 1 || weight.shape[0] != d))
            throw new ArgumentException($"rms_norm weight must be [{d}] {x.dtype} on {x.device}, not [{string.Join(", ", weight.shape)}] {weight.dtype} on {weight.device}.", nameof(weight));
        var shape = new SymIntArrayRef { Data = &d, Length = 1 };
        var optionalWeight = new OptionalTensor { Impl = weight is null ? IntPtr.Zero : *(IntPtr*)weight.Handle, Engaged = weight is null ? (byte)0 : (byte)1 };
        var optionalEps = new OptionalDouble { Value = eps, Engaged = 1 };
        IntPtr result = ((delegate* unmanaged<nuint, IntPtr>)allocate)((nuint)sizeof(IntPtr));
        ((delegate* unmanaged<IntPtr, IntPtr, SymIntArrayRef, OptionalTensor*, OptionalDouble, IntPtr>)call)(result, x.Handle, shape, &optionalWeight, optionalEps);
        GC.KeepAlive(x);
        GC.KeepAlive(weight);
        return Tensor.UnsafeCreateTensor(result);
    }
}
