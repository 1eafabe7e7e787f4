using HfTrain.Distributed.Mpi;
using HfTrain.Distributed.Rendezvous;
using HfTrain.Distributed.Workers;

namespace HfTrain.Distributed.Nccl;

/// <summary>
/// The world on CUDA through NCCL: one communicator over the ranks, collectives on device buffers, enqueued on the
/// CUDA legacy default stream — the stream libtorch's default stream is — so they follow the kernels that produced
/// the buffers and precede the ones that read them, with no host wait. The unique id travels from rank 0 through
/// the launcher's TCPStore (torchrun's agent store, HF_TRAIN_STORE), else through Open MPI under mpirun; a world of
/// one needs neither. A <see cref="NcclWatchdog"/> polls ncclCommGetAsyncError and the stream, so an error or a
/// collective that does not finish within HF_TRAIN_NCCL_TIMEOUT ends the rank instead of hanging it.
/// </summary>
public sealed unsafe class NcclCollectives : ICollectives
{
    readonly NcclLibrary _nccl;
    readonly IntPtr _comm;
    readonly IHostExchange? _host;
    readonly NcclWatchdog _watchdog;
    bool _disposed;

    public int Rank { get; }
    public int WorldSize { get; }
    public string Backend => BackendChoice.Nccl;
    public BufferLocation Buffers => BufferLocation.Cuda;

    public string Description { get; }

    NcclCollectives(NcclLibrary nccl, IntPtr comm, IHostExchange? host, int rank, int worldSize, TimeSpan timeout, IntPtr context)
    {
        (_nccl, _comm, _host, Rank, WorldSize) = (nccl, comm, host, rank, worldSize);
        Description = $"NCCL {nccl.VersionText()} ({nccl.Path})";
        _watchdog = new NcclWatchdog(nccl, comm, context, rank, timeout);
    }

    /// <summary>Makes the local rank's GPU current on this thread, meets the other ranks and creates the communicator.</summary>
    public static NcclCollectives Create(WorkerEnvironment worker, NcclSettings settings)
    {
        var nccl = NcclLibrary.Load(settings);
        IntPtr context = CurrentDevice(nccl, worker.LocalRank);
        IHostExchange? host = null;
        if (worker.StoreAddress is { } address)
        {
            int colon = address.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(address[(colon + 1)..], out int port))
                throw new CollectiveException($"The store address '{address}' is not host:port ({WorkerEnvironment.StoreVariable}, or MASTER_ADDR and MASTER_PORT).");
            host = new StoreExchange(TcpStoreClient.Connect(address[..colon], port, settings.KeyPrefix, settings.Timeout), worker.Rank, worker.WorldSize);
        }
        else if (worker.Launcher == WorkerLauncher.Mpirun)
            host = MpiCollectives.Initialize();
        else if (worker.WorldSize > 1)
            throw new CollectiveException(
                $"The nccl backend needs the launcher's store to pass NCCL's id between {worker.WorldSize} ranks: start the workers with torchrun " +
                $"(its agent store, TORCHELASTIC_USE_AGENT_STORE=True) or hf-train launch, or name a TCPStore in {WorkerEnvironment.StoreVariable}=host:port.");

        var id = new NcclUniqueId();
        if (worker.Rank == 0)
            Check(nccl, nccl.GetUniqueId(&id), "ncclGetUniqueId");
        if (host is not null)
        {
            var bytes = new Span<byte>(id.Internal, NcclUniqueId.Size);
            byte[] fromRoot = host.AllGather(worker.Rank == 0 ? bytes : [])[0];
            if (fromRoot.Length != NcclUniqueId.Size)
                throw new CollectiveException($"Rank 0 sent an NCCL id of {fromRoot.Length} bytes instead of {NcclUniqueId.Size}.");
            fromRoot.CopyTo(bytes);
        }
        IntPtr comm;
        Check(nccl, nccl.CommInitRank(&comm, worker.WorldSize, id, worker.Rank), "ncclCommInitRank");
        return new NcclCollectives(nccl, comm, host, worker.Rank, worker.WorldSize, settings.Timeout, context);
    }

    public void AllReduceSum(IntPtr buffer, long count, ElementType type)
    {
        _watchdog.ThrowIfFailed();
        Check(_nccl, _nccl.AllReduce(buffer, buffer, (nuint)count, TypeOf(type), NcclLibrary.OpSum, _comm, IntPtr.Zero), "ncclAllReduce");
        _watchdog.Enqueued();
    }

    public void Broadcast(IntPtr buffer, long count, ElementType type, int root)
    {
        _watchdog.ThrowIfFailed();
        Check(_nccl, _nccl.Broadcast(buffer, buffer, (nuint)count, TypeOf(type), root, _comm, IntPtr.Zero), "ncclBroadcast");
        _watchdog.Enqueued();
    }

    public byte[][] AllGather(ReadOnlySpan<byte> mine) => _host?.AllGather(mine) ?? [mine.ToArray()];

    public void Barrier() => _host?.Barrier();

    public void Abort(int exitCode) => _nccl.CommAbort(_comm);

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _watchdog.Dispose();
        _nccl.CommDestroy(_comm);
        _host?.Dispose();
    }

    static IntPtr CurrentDevice(NcclLibrary nccl, int localRank)
    {
        int device;
        IntPtr context;
        if (nccl.CuInit(0) != 0 || nccl.CuDeviceGet(&device, localRank) != 0 || nccl.CuDevicePrimaryCtxRetain(&context, device) != 0
            || nccl.CuCtxSetCurrent(context) != 0)
            throw new CollectiveException($"CUDA device {localRank} (this rank's LOCAL_RANK) cannot be used: check CUDA_VISIBLE_DEVICES and --nproc_per_node.");
        return context;
    }

    // ncclDataType_t in nccl.h
    static int TypeOf(ElementType type) => type switch
    {
        ElementType.Byte => 1,
        ElementType.Int32 => 2,
        ElementType.Int64 => 4,
        ElementType.Float16 => 6,
        ElementType.Float32 => 7,
        ElementType.Float64 => 8,
        ElementType.BFloat16 => 9,
        _ => throw new CollectiveException($"NCCL has no {type} type."),
    };

    internal static void Check(NcclLibrary nccl, int code, string call)
    {
        if (code != NcclLibrary.Success && code != NcclLibrary.InProgress)
            throw new CollectiveException($"{call} failed: {nccl.ErrorText(code)}. NCCL_DEBUG=INFO shows why.");
    }
}
