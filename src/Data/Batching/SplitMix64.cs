namespace HfTrain.Data.Batching;

/// <summary>
/// The shuffling RNG: SplitMix64 (Steele, Lea &amp; Flood 2014; the seeder of xoshiro), seeded with
/// <c>seed + epoch</c> as PyTorch's DistributedSampler seeds its generator. A few lines, the same sequence on
/// every platform and .NET version (System.Random promises neither). Orders differ from torch.randperm's.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, bound) by rejection (no modulo bias).</summary>
    public int NextInt(int bound)
    {
        var limit = ulong.MaxValue - (ulong.MaxValue % (ulong)bound);
        ulong x;
        do
        {
            x = Next();
        }
        while (x >= limit);
        return (int)(x % (ulong)bound);
    }

    /// <summary>A random permutation of 0..n-1 (Fisher–Yates, from the end).</summary>
    public int[] Permutation(int n)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++)
            order[i] = i;
        for (var i = n - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
