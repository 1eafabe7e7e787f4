namespace HfTrain.Data.Batching;

/// <summary>
/// One collated batch as flat row-major arrays, ready for <c>torch.tensor(data, [B, S])</c> on the training
/// thread: <see cref="InputIds"/> and <see cref="AttentionMask"/> are [B, S], <see cref="Labels"/> [B, T].
/// <see cref="Indices"/> are the example indices (for references and predictions in dataset order).
/// </summary>
public sealed record PaddedBatch(int[] Indices, int SourceLength, int TargetLength, long[] InputIds, long[] AttentionMask, long[] Labels)
{
    public int Size => Indices.Length;
}
