namespace HfTrain.Distributed.Rendezvous;

/// <summary>Host-side exchange between the ranks (small values: ids, predictions, RNG states), for backends whose
/// collectives work on device memory only. Implemented by the TCPStore (<see cref="StoreExchange"/>) and by Open MPI.</summary>
public interface IHostExchange : IDisposable
{
    byte[][] AllGather(ReadOnlySpan<byte> mine);

    void Barrier();
}
