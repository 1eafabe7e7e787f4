using HfTrain.Data.Batching;

namespace HfTrain.Data.Tests.Batching;

public sealed class BatcherTests
{
    private static int[] Lengths(int n) => Enumerable.Range(0, n).Select(i => ((i * 37) % 101) + 1).ToArray();

    [Fact]
    public void Sequential_batches_cover_every_index_in_order_with_a_short_last_batch()
    {
        var batches = new Batcher(Lengths(10), 4, BatchOrder.Sequential).Epoch(0);

        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]], batches);
    }

    [Fact]
    public void Longest_first_sorts_by_length_keeping_dataset_order_among_equals()
    {
        int[] lengths = [3, 9, 3, 7, 9, 1, 7];
        var batches = new Batcher(lengths, 3, BatchOrder.LongestFirst).Epoch(0);

        Assert.Equal([[1, 4, 3], [6, 0, 2], [5]], batches);
    }

    [Fact]
    public void Drop_last_drops_the_short_batch()
    {
        var batcher = new Batcher(Lengths(10), 4, BatchOrder.Sequential, dropLast: true);

        Assert.Equal(2, batcher.BatchesPerEpoch);
        Assert.Equal(2, batcher.Epoch(0).Count);
    }

    [Fact]
    public void Shuffle_is_a_permutation_fixed_by_seed_and_epoch()
    {
        var lengths = Lengths(100);
        var a = new Batcher(lengths, 8, BatchOrder.Shuffle, seed: 42).Epoch(3).SelectMany(b => b).ToArray();
        var again = new Batcher(lengths, 8, BatchOrder.Shuffle, seed: 42).Epoch(3).SelectMany(b => b).ToArray();
        var nextEpoch = new Batcher(lengths, 8, BatchOrder.Shuffle, seed: 42).Epoch(4).SelectMany(b => b).ToArray();
        var otherSeed = new Batcher(lengths, 8, BatchOrder.Shuffle, seed: 7).Epoch(3).SelectMany(b => b).ToArray();

        Assert.Equal(Enumerable.Range(0, 100), a.Order());
        Assert.Equal(a, again);
        Assert.NotEqual(a, nextEpoch);
        Assert.NotEqual(a, otherSeed);
        Assert.NotEqual(Enumerable.Range(0, 100), a);
    }

    [Fact]
    public void Shuffle_order_is_pinned_so_a_changed_rng_is_noticed()
    {
        var first = new Batcher(Lengths(10), 10, BatchOrder.Shuffle, seed: 42).Epoch(0)[0];

        // computed by an independent Python SplitMix64 + Fisher–Yates (rejection sampling), seed 42 + epoch 0
        Assert.Equal([0, 9, 5, 8, 6, 4, 7, 2, 1, 3], first);
    }

    [Fact]
    public void Group_by_length_sorts_megabatches_longest_first_and_starts_with_the_longest()
    {
        var lengths = Lengths(1000);
        var batches = new Batcher(lengths, 4, BatchOrder.GroupByLength, seed: 1).Epoch(0);
        var order = batches.SelectMany(b => b).ToArray();

        Assert.Equal(Enumerable.Range(0, 1000), order.Order());
        Assert.Equal(lengths.Max(), lengths[order[0]]);
        // megabatch = min(1000 / 16, 50) * 4 = 200: inside each, lengths never increase (bar the swapped first)
        for (var start = 0; start < 1000; start += 200)
            for (var i = start + 2; i < start + 200; i++)
                Assert.True(lengths[order[i - 1]] >= lengths[order[i]], $"position {i}");
        // and it pads less than plain shuffling
        static long Padding(IReadOnlyList<int[]> bs, int[] l) => bs.Sum(b => (long)(b.Max(i => l[i]) * b.Length) - b.Sum(i => l[i]));
        var shuffled = new Batcher(lengths, 4, BatchOrder.Shuffle, seed: 1).Epoch(0);
        Assert.True(Padding(batches, lengths) * 5 < Padding(shuffled, lengths));
    }

    [Fact]
    public void Ranks_split_the_epoch_padding_by_repeating_the_first_indices()
    {
        var lengths = Lengths(10);
        var ranks = Enumerable.Range(0, 3)
            .Select(r => new Batcher(lengths, 2, BatchOrder.Sequential, rank: r, worldSize: 3).Epoch(0).SelectMany(b => b).ToArray())
            .ToArray();

        Assert.Equal([0, 3, 6, 9], ranks[0]);
        Assert.Equal([1, 4, 7, 0], ranks[1]);
        Assert.Equal([2, 5, 8, 1], ranks[2]);
    }

    [Fact]
    public void Shuffled_ranks_together_see_every_example_once_per_epoch()
    {
        var lengths = Lengths(64);
        var seen = Enumerable.Range(0, 4)
            .SelectMany(r => new Batcher(lengths, 4, BatchOrder.GroupByLength, seed: 5, rank: r, worldSize: 4).Epoch(2).SelectMany(b => b))
            .Order();

        Assert.Equal(Enumerable.Range(0, 64), seen);
    }
}
