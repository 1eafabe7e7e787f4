namespace HfTrain.Distributed.Mpi;

/// <summary>
/// The world of an <c>mpirun</c> (or <c>hf-train launch --backend mpi</c>) through Open MPI's MPI_COMM_WORLD, on host
/// buffers. Initialized with MPI_THREAD_SERIALIZED; calls are serialized by a lock, so any one thread may call.
/// MPI counts are C ints: longer buffers go in chunks.
/// </summary>
public sealed unsafe class MpiCollectives : ICollectives, Rendezvous.IHostExchange
{
    const int MaxChunk = 1 << 30;
    readonly MpiLibrary _mpi;
    readonly Lock _gate = new();
    bool _finalized;

    public int Rank { get; }
    public int WorldSize { get; }
    public string Backend => "mpi";
    public BufferLocation Buffers => BufferLocation.Host;
    public string Description => $"Open MPI ({_mpi.Path})";

    MpiCollectives(MpiLibrary mpi, int rank, int size) => (_mpi, Rank, WorldSize) = (mpi, rank, size);

    /// <summary>MPI_Init_thread (once per process) and the rank and size of MPI_COMM_WORLD.</summary>
    public static MpiCollectives Initialize()
    {
        var mpi = MpiLibrary.Load();
        int done = 0, provided = 0, rank = 0, size = 0;
        Check(mpi.Initialized(&done), "MPI_Initialized");
        if (done == 0)
            Check(mpi.InitThread(null, null, MpiLibrary.ThreadSerialized, &provided), "MPI_Init_thread");
        Check(mpi.CommRank(mpi.CommWorld, &rank), "MPI_Comm_rank");
        Check(mpi.CommSize(mpi.CommWorld, &size), "MPI_Comm_size");
        return new MpiCollectives(mpi, rank, size);
    }

    public void AllReduceSum(IntPtr buffer, long count, ElementType type)
    {
        IntPtr datatype = _mpi.TypeOf(type);
        int size = ElementSizes.Of(type);
        lock (_gate)
        {
            for (long start = 0; start < count; start += MaxChunk)
            {
                int n = (int)Math.Min(MaxChunk, count - start);
                Check(_mpi.Allreduce(MpiLibrary.InPlace, buffer + (nint)(start * size), n, datatype, _mpi.OpSum, _mpi.CommWorld), "MPI_Allreduce");
            }
        }
    }

    public void Broadcast(IntPtr buffer, long count, ElementType type, int root)
    {
        int size = ElementSizes.Of(type);
        long bytes = count * size;
        lock (_gate)
        {
            for (long start = 0; start < bytes; start += MaxChunk)
            {
                int n = (int)Math.Min(MaxChunk, bytes - start);
                Check(_mpi.Bcast(buffer + (nint)start, n, _mpi.Byte, root, _mpi.CommWorld), "MPI_Bcast");
            }
        }
    }

    public byte[][] AllGather(ReadOnlySpan<byte> mine)
    {
        var lengths = new int[WorldSize];
        int length = mine.Length;
        lock (_gate)
        {
            fixed (int* all = lengths)
                Check(_mpi.Allgather((IntPtr)(&length), 1, _mpi.Int32, (IntPtr)all, 1, _mpi.Int32, _mpi.CommWorld), "MPI_Allgather");
            var offsets = new int[WorldSize];
            for (int r = 1; r < WorldSize; r++)
                offsets[r] = checked(offsets[r - 1] + lengths[r - 1]);
            var gathered = new byte[offsets[^1] + lengths[^1]];
            fixed (byte* send = mine)
            fixed (byte* receive = gathered)
            fixed (int* counts = lengths)
            fixed (int* displacements = offsets)
            {
                byte dummy = 0;
                IntPtr from = length == 0 ? (IntPtr)(&dummy) : (IntPtr)send;
                Check(_mpi.Allgatherv(from, length, _mpi.Byte, (IntPtr)receive, counts, displacements, _mpi.Byte, _mpi.CommWorld), "MPI_Allgatherv");
            }
            return Enumerable.Range(0, WorldSize).Select(r => gathered.AsSpan(offsets[r], lengths[r]).ToArray()).ToArray();
        }
    }

    public void Barrier()
    {
        lock (_gate)
            Check(_mpi.BarrierCall(_mpi.CommWorld), "MPI_Barrier");
    }

    public void Abort(int exitCode) => _mpi.AbortCall(_mpi.CommWorld, exitCode);

    /// <summary>MPI_Finalize: the process may not use MPI afterwards (Open MPI cannot initialize twice).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_finalized)
                return;
            _finalized = true;
            int done = 0;
            _mpi.Finalized(&done);
            if (done == 0)
                _mpi.Finalize();
        }
    }

    // Open MPI's default error handler (MPI_ERRORS_ARE_FATAL) ends the job before a non-zero code returns here;
    // the check stands for handlers a user configures otherwise.
    static void Check(int code, string call)
    {
        if (code != 0)
            throw new CollectiveException($"{call} failed with MPI error {code}.");
    }
}
