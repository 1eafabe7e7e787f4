namespace HfTrain.Distributed;

/// <summary>
/// The collectives a data-parallel run needs, over every process of the world. Buffers cross as raw pointers (no
/// TorchSharp here): host memory for <see cref="BufferLocation.Host"/> backends (Open MPI), CUDA device memory for
/// <see cref="BufferLocation.Cuda"/> ones (NCCL). Every rank calls the same collectives in the same order.
/// </summary>
public interface ICollectives : IDisposable
{
    int Rank { get; }
    int WorldSize { get; }

    /// <summary>"mpi" or "nccl", as <c>--backend</c> and HF_TRAIN_BACKEND spell it.</summary>
    string Backend { get; }

    /// <summary>The library in use, for the log ("Open MPI 4.1 (libmpi.so.40)", "NCCL 2.27.3 (/…/libnccl.so.2)").</summary>
    string Description { get; }

    /// <summary>Where <see cref="AllReduceSum"/> and <see cref="Broadcast"/> buffers must live.</summary>
    BufferLocation Buffers { get; }

    /// <summary>Sums <paramref name="count"/> elements over all ranks, in place; every rank gets the sum.</summary>
    void AllReduceSum(IntPtr buffer, long count, ElementType type);

    /// <summary>Copies <paramref name="root"/>'s <paramref name="count"/> elements into every rank's buffer.</summary>
    void Broadcast(IntPtr buffer, long count, ElementType type, int root);

    /// <summary>Every rank's bytes (of any length), indexed by rank, on every rank.</summary>
    byte[][] AllGather(ReadOnlySpan<byte> mine);

    void Barrier();

    /// <summary>Ends every rank of the world now (a rank failed and the others must not wait for it forever).</summary>
    void Abort(int exitCode);
}

/// <summary>Element types of collective buffers.</summary>
public enum ElementType
{
    Float32,
    Float64,
    Float16,
    BFloat16,
    Int32,
    Int64,
    Byte,
}

public enum BufferLocation
{
    Host,
    Cuda,
}
