using System.Runtime.InteropServices;

namespace HfTrain.Distributed.Mpi;

/// <summary>
/// Open MPI's C ABI in <c>libmpi.so.40</c> (Debian's libopenmpi3): functions by name, and the predefined handles,
/// which Open MPI exports as global objects (<c>MPI_COMM_WORLD</c> is <c>&amp;ompi_mpi_comm_world</c>).
/// The library is opened with RTLD_GLOBAL because Open MPI's own plugins (mca_*.so) resolve libmpi symbols from
/// the global scope.
/// </summary>
internal sealed unsafe class MpiLibrary
{
    public const string FileName = "libmpi.so.40";
    public const int ThreadSerialized = 2;                               // MPI_THREAD_SERIALIZED in Open MPI's mpi.h
    public static readonly IntPtr InPlace = 1;                           // MPI_IN_PLACE is (void *) 1

    public readonly delegate* unmanaged<int*, byte***, int, int*, int> InitThread;
    public readonly delegate* unmanaged<int*, int> Initialized;
    public readonly delegate* unmanaged<int*, int> Finalized;
    public readonly delegate* unmanaged<int> Finalize;
    public readonly delegate* unmanaged<IntPtr, int*, int> CommRank;
    public readonly delegate* unmanaged<IntPtr, int*, int> CommSize;
    public readonly delegate* unmanaged<IntPtr, IntPtr, int, IntPtr, IntPtr, IntPtr, int> Allreduce;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr, int, IntPtr, int> Bcast;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr, IntPtr, int, IntPtr, IntPtr, int> Allgather;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr, IntPtr, int*, int*, IntPtr, IntPtr, int> Allgatherv;
    public readonly delegate* unmanaged<IntPtr, int> BarrierCall;
    public readonly delegate* unmanaged<IntPtr, int, int> AbortCall;

    public readonly IntPtr CommWorld, OpSum, Byte, Int32, Int64, Float32, Float64;

    public string Path { get; }

    MpiLibrary(IntPtr lib, string path)
    {
        Path = path;
        InitThread = (delegate* unmanaged<int*, byte***, int, int*, int>)Export(lib, "MPI_Init_thread");
        Initialized = (delegate* unmanaged<int*, int>)Export(lib, "MPI_Initialized");
        Finalized = (delegate* unmanaged<int*, int>)Export(lib, "MPI_Finalized");
        Finalize = (delegate* unmanaged<int>)Export(lib, "MPI_Finalize");
        CommRank = (delegate* unmanaged<IntPtr, int*, int>)Export(lib, "MPI_Comm_rank");
        CommSize = (delegate* unmanaged<IntPtr, int*, int>)Export(lib, "MPI_Comm_size");
        Allreduce = (delegate* unmanaged<IntPtr, IntPtr, int, IntPtr, IntPtr, IntPtr, int>)Export(lib, "MPI_Allreduce");
        Bcast = (delegate* unmanaged<IntPtr, int, IntPtr, int, IntPtr, int>)Export(lib, "MPI_Bcast");
        Allgather = (delegate* unmanaged<IntPtr, int, IntPtr, IntPtr, int, IntPtr, IntPtr, int>)Export(lib, "MPI_Allgather");
        Allgatherv = (delegate* unmanaged<IntPtr, int, IntPtr, IntPtr, int*, int*, IntPtr, IntPtr, int>)Export(lib, "MPI_Allgatherv");
        BarrierCall = (delegate* unmanaged<IntPtr, int>)Export(lib, "MPI_Barrier");
        AbortCall = (delegate* unmanaged<IntPtr, int, int>)Export(lib, "MPI_Abort");
        CommWorld = Export(lib, "ompi_mpi_comm_world");
        OpSum = Export(lib, "ompi_mpi_op_sum");
        Byte = Export(lib, "ompi_mpi_byte");
        Int32 = Export(lib, "ompi_mpi_int32_t");
        Int64 = Export(lib, "ompi_mpi_int64_t");
        Float32 = Export(lib, "ompi_mpi_float");
        Float64 = Export(lib, "ompi_mpi_double");
    }

    static MpiLibrary? s_loaded;

    /// <summary>Opens libmpi.so.40 (HF_TRAIN_MPI_LIB names another file); once per process.</summary>
    public static MpiLibrary Load()
    {
        if (s_loaded is not null)
            return s_loaded;
        string file = Environment.GetEnvironmentVariable("HF_TRAIN_MPI_LIB") is { Length: > 0 } custom ? custom : FileName;
        IntPtr lib = DynamicLinker.OpenGlobal(file);
        if (lib == IntPtr.Zero)
            throw new CollectiveException(
                $"The mpi backend needs Open MPI's {file}, which could not be loaded ({DynamicLinker.LastError()}). " +
                "Install it (Debian/Ubuntu: apt-get install openmpi-bin libopenmpi3), set HF_TRAIN_MPI_LIB to its path, " +
                "or choose --backend nccl on CUDA.");
        return s_loaded = new MpiLibrary(lib, file);
    }

    public IntPtr TypeOf(ElementType type) => type switch
    {
        ElementType.Float32 => Float32,
        ElementType.Float64 => Float64,
        ElementType.Int32 => Int32,
        ElementType.Int64 => Int64,
        ElementType.Byte => Byte,
        _ => throw new CollectiveException($"The mpi backend cannot sum {type} buffers; convert them to float32 first."),
    };

    static IntPtr Export(IntPtr lib, string name) =>
        NativeLibrary.TryGetExport(lib, name, out IntPtr address) ? address
            : throw new CollectiveException($"{FileName} has no symbol {name}: it is not Open MPI 4 or newer. Install Debian's libopenmpi3 or set HF_TRAIN_MPI_LIB.");
}
