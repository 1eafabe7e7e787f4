namespace HfTrain.Engine.Runs;

/// <summary>
/// Which process of a run this is, given by the caller (a distributed launcher fills it per rank): every process
/// trains on its share of the batches; only the main process writes logs, checkpoints, results and reports.
/// </summary>
public sealed record RunContext(int Rank, int WorldSize)
{
    /// <summary>A run of one process.</summary>
    public static RunContext Single { get; } = new(0, 1);

    public bool IsMainProcess => Rank == 0;
}
