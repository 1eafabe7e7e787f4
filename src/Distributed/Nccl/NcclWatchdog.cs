using System.Runtime.InteropServices;

namespace HfTrain.Distributed.Nccl;

/// <summary>
/// PyTorch's NCCL watchdog, small: a background thread that every 100 ms asks ncclCommGetAsyncError and whether the
/// stream with the last enqueued collective has drained (cuStreamQuery on the legacy default stream, this thread
/// holding the rank's CUDA context). An NCCL error, or a collective still pending after the timeout (a rank died or
/// hangs), aborts the communicator, prints one line naming the rank, and ends the process with exit code 1 — the
/// training thread may be blocked inside CUDA, so nothing else could end it; the launcher then stops the others.
/// </summary>
internal sealed unsafe partial class NcclWatchdog : IDisposable
{
    const int CudaErrorNotReady = 600;
    readonly NcclLibrary _nccl;
    readonly IntPtr _comm, _context;
    readonly int _rank;
    readonly TimeSpan _timeout;
    readonly Thread _thread;
    readonly CancellationTokenSource _stop = new();
    long _pendingSince;                                   // Stopwatch ticks of the oldest unfinished enqueue; 0: none
    string? _failure;

    public NcclWatchdog(NcclLibrary nccl, IntPtr comm, IntPtr context, int rank, TimeSpan timeout)
    {
        (_nccl, _comm, _context, _rank, _timeout) = (nccl, comm, context, rank, timeout);
        _thread = new Thread(Run) { IsBackground = true, Name = "nccl watchdog" };
        _thread.Start();
    }

    /// <summary>A collective was enqueued: its clock starts unless an earlier one is still pending.</summary>
    public void Enqueued() => Interlocked.CompareExchange(ref _pendingSince, System.Diagnostics.Stopwatch.GetTimestamp(), 0);

    public void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure)
            throw new CollectiveException(failure);
    }

    void Run()
    {
        _nccl.CuCtxSetCurrent(_context);
        while (!_stop.Token.WaitHandle.WaitOne(100))
        {
            int asyncError = 0;
            _nccl.CommGetAsyncError(_comm, &asyncError);
            if (asyncError != NcclLibrary.Success && asyncError != NcclLibrary.InProgress)
                Fail($"NCCL reported {_nccl.ErrorText(asyncError)}");
            long since = Interlocked.Read(ref _pendingSince);
            if (since == 0)
                continue;
            if (_nccl.CuStreamQuery(IntPtr.Zero) != CudaErrorNotReady)
            {
                Interlocked.CompareExchange(ref _pendingSince, 0, since);
                continue;
            }
            if (System.Diagnostics.Stopwatch.GetElapsedTime(since) > _timeout)
                Fail($"a collective did not finish within {_timeout.TotalSeconds:0} s (HF_TRAIN_NCCL_TIMEOUT): another rank died or hangs");
        }
    }

    void Fail(string reason)
    {
        _failure = $"rank {_rank}: {reason}; the NCCL communicator was aborted.";
        Console.Error.WriteLine($"hf-train: {_failure}");
        Console.Error.Flush();
        _nccl.CommAbort(_comm);
        _exit(1);
    }

    [LibraryImport("libc.so.6")]
    private static partial void _exit(int status);

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }
}
