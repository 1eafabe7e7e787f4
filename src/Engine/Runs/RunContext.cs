using HfTrain.Distributed;

namespace HfTrain.Engine.Runs;

/// <summary>
/// Which process of a run this is, given by the caller (a distributed launcher fills it per rank): every process
/// trains on its share of the batches; only the main process writes logs, checkpoints, results and reports.
/// <see cref="Collectives"/> connects the ranks of a run of several processes (null: one process, nothing to share).
/// </summary>
public sealed record RunContext(int Rank, int WorldSize, ICollectives? Collectives = null)
{
    /// <summary>A run of one process.</summary>
    public static RunContext Single { get; } = new(0, 1);

    public bool IsMainProcess => Rank == 0;

    /// <summary>The rank on this machine: the CUDA device this process trains on.</summary>
    public int LocalRank { get; init; }

    /// <summary>
    /// HF's <c>main_process_first</c>: the main process does <paramref name="work"/> first (filling shared caches),
    /// then the others do it, so no two ranks write the same cache file.
    /// </summary>
    public T MainProcessFirst<T>(Func<T> work)
    {
        if (Collectives is null)
            return work();
        if (!IsMainProcess)
            Collectives.Barrier();
        T result = work();
        if (IsMainProcess)
            Collectives.Barrier();
        return result;
    }

    /// <summary>Rank 0's value on every rank (the resume checkpoint, decided once).</summary>
    public string? FromMainProcess(string? value)
    {
        if (Collectives is null)
            return value;
        byte[] mine = value is null ? [] : [1, .. System.Text.Encoding.UTF8.GetBytes(value)];
        byte[] main = Collectives.AllGather(IsMainProcess ? mine : [])[0];
        return main.Length == 0 ? null : System.Text.Encoding.UTF8.GetString(main, 1, main.Length - 1);
    }

    /// <summary>The collectives on tensors, or null in a run of one process.</summary>
    public TensorCollectives? Tensors => Collectives is null ? null : new TensorCollectives(Collectives);
}
