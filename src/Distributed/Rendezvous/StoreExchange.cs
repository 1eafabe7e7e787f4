namespace HfTrain.Distributed.Rendezvous;

/// <summary>
/// All-gather and barrier over a TCPStore: each call has a sequence number (every rank makes the same calls in the
/// same order); an all-gather sets <c>gather/N/rank</c> and reads every rank's key; a barrier adds 1 to
/// <c>barrier/N</c>, the last rank to arrive sets <c>barrier/N/done</c> and the others wait for it.
/// </summary>
public sealed class StoreExchange(TcpStoreClient store, int rank, int worldSize) : IHostExchange
{
    long _sequence;

    public TcpStoreClient Store => store;

    public byte[][] AllGather(ReadOnlySpan<byte> mine)
    {
        long n = _sequence++;
        store.Set($"gather/{n}/{rank}", mine);
        return Enumerable.Range(0, worldSize).Select(r => store.Get($"gather/{n}/{r}")).ToArray();
    }

    public void Barrier()
    {
        long n = _sequence++;
        if (store.Add($"barrier/{n}", 1) == worldSize)
            store.Set($"barrier/{n}/done", [1]);
        else
            store.Wait($"barrier/{n}/done");
    }

    public void Dispose() => store.Dispose();
}
