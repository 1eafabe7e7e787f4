using System.Runtime.InteropServices;

namespace HfTrain.Distributed.Nccl;

/// <summary>NCCL's unique id (ncclUniqueId, 128 bytes), passed by value to ncclCommInitRank.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NcclUniqueId
{
    public const int Size = 128;
    public fixed byte Internal[Size];
}

/// <summary>The few functions of libnccl.so.2's C API the backend uses (nccl.h), and of the CUDA driver
/// (libcuda.so.1) to make the rank's device current and to watch the stream.</summary>
internal sealed unsafe class NcclLibrary
{
    public const int Success = 0, InProgress = 7;
    public const int OpSum = 0;

    public readonly delegate* unmanaged<int*, int> GetVersion;
    public readonly delegate* unmanaged<NcclUniqueId*, int> GetUniqueId;
    public readonly delegate* unmanaged<IntPtr*, int, NcclUniqueId, int, int> CommInitRank;
    public readonly delegate* unmanaged<IntPtr, IntPtr, nuint, int, int, IntPtr, IntPtr, int> AllReduce;
    public readonly delegate* unmanaged<IntPtr, IntPtr, nuint, int, int, IntPtr, IntPtr, int> Broadcast;
    public readonly delegate* unmanaged<IntPtr, int*, int> CommGetAsyncError;
    public readonly delegate* unmanaged<IntPtr, int> CommAbort;
    public readonly delegate* unmanaged<IntPtr, int> CommDestroy;
    public readonly delegate* unmanaged<int, IntPtr> GetErrorString;

    public readonly delegate* unmanaged<uint, int> CuInit;
    public readonly delegate* unmanaged<int*, int, int> CuDeviceGet;
    public readonly delegate* unmanaged<IntPtr*, int, int> CuDevicePrimaryCtxRetain;
    public readonly delegate* unmanaged<IntPtr, int> CuCtxSetCurrent;
    public readonly delegate* unmanaged<IntPtr, int> CuStreamQuery;

    public string Path { get; }

    NcclLibrary(IntPtr nccl, IntPtr cuda, string path)
    {
        Path = path;
        GetVersion = (delegate* unmanaged<int*, int>)Export(nccl, "ncclGetVersion", path);
        GetUniqueId = (delegate* unmanaged<NcclUniqueId*, int>)Export(nccl, "ncclGetUniqueId", path);
        CommInitRank = (delegate* unmanaged<IntPtr*, int, NcclUniqueId, int, int>)Export(nccl, "ncclCommInitRank", path);
        AllReduce = (delegate* unmanaged<IntPtr, IntPtr, nuint, int, int, IntPtr, IntPtr, int>)Export(nccl, "ncclAllReduce", path);
        Broadcast = (delegate* unmanaged<IntPtr, IntPtr, nuint, int, int, IntPtr, IntPtr, int>)Export(nccl, "ncclBroadcast", path);
        CommGetAsyncError = (delegate* unmanaged<IntPtr, int*, int>)Export(nccl, "ncclCommGetAsyncError", path);
        CommAbort = (delegate* unmanaged<IntPtr, int>)Export(nccl, "ncclCommAbort", path);
        CommDestroy = (delegate* unmanaged<IntPtr, int>)Export(nccl, "ncclCommDestroy", path);
        GetErrorString = (delegate* unmanaged<int, IntPtr>)Export(nccl, "ncclGetErrorString", path);
        CuInit = (delegate* unmanaged<uint, int>)Export(cuda, "cuInit", "libcuda.so.1");
        CuDeviceGet = (delegate* unmanaged<int*, int, int>)Export(cuda, "cuDeviceGet", "libcuda.so.1");
        CuDevicePrimaryCtxRetain = (delegate* unmanaged<IntPtr*, int, int>)Export(cuda, "cuDevicePrimaryCtxRetain", "libcuda.so.1");
        CuCtxSetCurrent = (delegate* unmanaged<IntPtr, int>)Export(cuda, "cuCtxSetCurrent", "libcuda.so.1");
        CuStreamQuery = (delegate* unmanaged<IntPtr, int>)Export(cuda, "cuStreamQuery", "libcuda.so.1");
    }

    /// <summary>Loads the first candidate that opens (<see cref="NcclSettings.Candidates"/>).</summary>
    public static NcclLibrary Load(NcclSettings settings)
    {
        var tried = new List<string>();
        if (!NativeLibrary.TryLoad("libcuda.so.1", out IntPtr cuda))
            throw new CollectiveException("The nccl backend needs an NVIDIA driver (libcuda.so.1 was not found); on a machine without GPUs use --backend mpi.");
        foreach (string candidate in settings.Candidates(File.Exists))
        {
            IntPtr nccl = DynamicLinker.OpenGlobal(candidate);
            if (nccl != IntPtr.Zero)
                return new NcclLibrary(nccl, cuda, candidate);
            tried.Add($"{candidate}: {DynamicLinker.LastError()}");
        }
        throw new CollectiveException(
            $"The nccl backend could not load NCCL ({string.Join("; ", tried)}). Install PyTorch with CUDA (it ships nvidia/nccl/lib/libnccl.so.2), " +
            $"or set {NcclSettings.LibraryVariable} to libnccl.so.2 or its folder.");
    }

    public string ErrorText(int code) => $"{Marshal.PtrToStringUTF8(GetErrorString(code)) ?? "unknown"} (ncclResult_t {code})";

    public string VersionText()
    {
        int v = 0;
        GetVersion(&v);
        return v >= 10000 ? $"{v / 10000}.{v / 100 % 100}.{v % 100}" : $"{v / 1000}.{v / 100 % 10}.{v % 100}";
    }

    static IntPtr Export(IntPtr lib, string name, string file) =>
        NativeLibrary.TryGetExport(lib, name, out IntPtr address) ? address
            : throw new CollectiveException($"{file} has no symbol {name}: NCCL 2.12 or newer is needed (set {NcclSettings.LibraryVariable}).");
}
