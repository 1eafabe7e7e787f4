using static TorchSharp.torch;

namespace HfTrain.Engine.Models.T5;

/// <summary>
/// T5's bucketing of relative positions (modeling_t5.py T5Attention._relative_position_bucket): half the buckets
/// are exact offsets, the rest grow logarithmically up to max_distance; the encoder is bidirectional (separate
/// buckets for keys after the query), the decoder only looks back.
/// </summary>
public static class RelativePositionBuckets
{
    /// <param name="relativePosition">memory_position - query_position, int64, any shape.</param>
    /// <returns>Bucket ids in [0, numBuckets), int64, same shape.</returns>
    public static Tensor Compute(Tensor relativePosition, bool bidirectional, int numBuckets, int maxDistance)
    {
        Tensor buckets;
        Tensor distance;
        if (bidirectional)
        {
            numBuckets /= 2;
            buckets = relativePosition.gt(0).to(int64) * numBuckets;
            distance = relativePosition.abs();
        }
        else
        {
            buckets = zeros_like(relativePosition);
            distance = -minimum(relativePosition, zeros_like(relativePosition));
        }
        int maxExact = numBuckets / 2;
        var isSmall = distance.lt(maxExact);
        // log-spaced buckets for larger distances; float32 log as in the reference, then truncated toward zero.
        var large = maxExact + (log(distance.to(float32) / maxExact) / Math.Log((double)maxDistance / maxExact)
                                * (numBuckets - maxExact)).to(int64);
        large = minimum(large, full_like(large, numBuckets - 1));
        return buckets + where(isSmall, distance, large);
    }

    /// <summary>Bucket ids for queries at positions [queryOffset, queryOffset + queryLength) against keys [0, keyLength).</summary>
    /// <returns>[queryLength, keyLength] int64.</returns>
    public static Tensor ForLengths(long queryLength, long keyLength, long queryOffset, bool bidirectional,
        int numBuckets, int maxDistance, Device device)
    {
        var context = arange(queryOffset, queryOffset + queryLength, dtype: int64, device: device).unsqueeze(1); // [Tq, 1]
        var memory = arange(keyLength, dtype: int64, device: device).unsqueeze(0);                                // [1, Tk]
        return Compute(memory - context, bidirectional, numBuckets, maxDistance);                                 // [Tq, Tk]
    }

    /// <summary>
    /// <see cref="ForLengths"/>(length, length, 0) on the CPU, from the buckets of the 2·length − 1 relative positions
    /// only: a bucket depends on nothing but the relative position, so the square is those values laid out row by row
    /// (row i starts at relative position −i) instead of a dozen tensor ops over length² elements.
    /// </summary>
    /// <returns>[length, length] int64 on the CPU.</returns>
    public static Tensor Square(long length, bool bidirectional, int numBuckets, int maxDistance)
    {
        long[] buckets;
        using (NewDisposeScope())
            buckets = Compute(arange(-(length - 1), length, dtype: int64), bidirectional, numBuckets, maxDistance).data<long>().ToArray(); // [2L-1]
        var table = new long[length * length];
        for (long row = 0; row < length; row++)
            Array.Copy(buckets, length - 1 - row, table, row * length, length);       // key j: relative position j − row
        return tensor(table).view(length, length);
    }
}
