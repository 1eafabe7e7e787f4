namespace HfTrain.Data.Batching;

/// <summary>
/// Batches of example indices for one rank, per epoch. The global order (sequential, shuffled, or grouped by
/// length) is cut for data parallelism as torch's DistributedSampler does: padded by repeating its first indices
/// to a multiple of <c>worldSize</c>, then rank r takes positions r, r+W, r+2W, …; the rank's share is then cut into
/// batches of <c>batchSize</c> (the last one smaller unless <c>dropLast</c>). Deterministic given seed and epoch.
/// </summary>
public sealed class Batcher
{
    private readonly IReadOnlyList<int> _lengths;
    private readonly int _batchSize;
    private readonly BatchOrder _order;
    private readonly int _seed;
    private readonly int _rank;
    private readonly int _worldSize;
    private readonly bool _dropLast;

    /// <param name="lengths">Length of each example (input ids; used by <see cref="BatchOrder.GroupByLength"/> and <see cref="BatchOrder.LongestFirst"/>).</param>
    /// <param name="batchSize">Examples per batch on this rank (per_device_*_batch_size).</param>
    public Batcher(IReadOnlyList<int> lengths, int batchSize, BatchOrder order, int seed = 42, int rank = 0, int worldSize = 1, bool dropLast = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(worldSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, worldSize);
        (_lengths, _batchSize, _order, _seed, _rank, _worldSize, _dropLast) = (lengths, batchSize, order, seed, rank, worldSize, dropLast);
    }

    /// <summary>Examples this rank sees per epoch (after padding to a multiple of the world size).</summary>
    public int ExamplesPerRank => _lengths.Count == 0 ? 0 : (_lengths.Count + _worldSize - 1) / _worldSize;

    public int BatchesPerEpoch => _dropLast ? ExamplesPerRank / _batchSize : (ExamplesPerRank + _batchSize - 1) / _batchSize;

    /// <summary>The batches of <paramref name="epoch"/> for this rank, each an array of example indices.</summary>
    public IReadOnlyList<int[]> Epoch(int epoch)
    {
        var global = GlobalOrder(epoch);
        var mine = new int[ExamplesPerRank];
        for (var i = 0; i < mine.Length; i++)
            mine[i] = global[(_rank + (i * _worldSize)) % global.Length]; // wraps = DistributedSampler's padding
        var batches = new List<int[]>(BatchesPerEpoch);
        for (var start = 0; start < mine.Length; start += _batchSize)
        {
            var size = Math.Min(_batchSize, mine.Length - start);
            if (size < _batchSize && _dropLast)
                break;
            batches.Add(mine[start..(start + size)]);
        }
        return batches;
    }

    private int[] GlobalOrder(int epoch)
    {
        var n = _lengths.Count;
        if (_order == BatchOrder.Sequential)
            return Enumerable.Range(0, n).ToArray();
        if (_order == BatchOrder.LongestFirst)
            return Enumerable.Range(0, n).OrderByDescending(i => _lengths[i]).ToArray();    // stable: ties keep dataset order
        var rng = new SplitMix64(unchecked((ulong)(long)_seed + (ulong)epoch));
        var permutation = rng.Permutation(n);
        return _order == BatchOrder.Shuffle ? permutation : GroupByLength(permutation);
    }

    /// <summary>
    /// trainer_pt_utils.get_length_grouped_indices: megabatches of <c>min(n / (4·B), 50)·B</c> (at least B) examples
    /// of the permutation, each sorted longest first (stable); the longest example overall is swapped to the front
    /// so the first batch shows the memory peak at once. The megabatch is global (B·worldSize) so each rank's
    /// slice of it holds similar lengths.
    /// </summary>
    private int[] GroupByLength(int[] permutation)
    {
        var n = permutation.Length;
        var globalBatch = _batchSize * _worldSize;
        var multiplier = Math.Max(1, Math.Min(n / (globalBatch * 4), 50));
        var megabatch = multiplier * globalBatch;
        var result = new List<int>(n);
        var firsts = new List<int>();
        for (var start = 0; start < n; start += megabatch)
        {
            firsts.Add(result.Count);
            var chunk = permutation[start..Math.Min(n, start + megabatch)];
            result.AddRange(chunk.OrderByDescending(i => _lengths[i])); // OrderBy is stable, like Python's sorted
        }
        var longest = firsts.OrderByDescending(f => _lengths[result[f]]).ThenBy(f => f).FirstOrDefault();
        if (firsts.Count > 0)
            (result[0], result[longest]) = (result[longest], result[0]);
        return result.ToArray();
    }
}
