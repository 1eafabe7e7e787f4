using static TorchSharp.torch;

namespace HfTrain.Engine.Generation;

/// <summary>
/// The logits processors generate() builds from a generation config for greedy/beam search, applied in
/// transformers' order: MinLengthLogitsProcessor, then NoRepeatNGramLogitsProcessor.
/// </summary>
internal sealed class LogitsProcessors(int minLength, int noRepeatNgramSize, IReadOnlyList<int> eosTokenIds)
{
    /// <param name="cur">decoder ids so far per row (start token included).</param>
    /// <param name="hostIds">those ids on the host, row-major [N·cur]: asked for only by the n-gram ban.</param>
    /// <param name="scores">next-token scores [N, V]; modified in place and returned.</param>
    public Tensor Apply(int cur, Func<long[]> hostIds, Tensor scores)
    {
        if (cur < minLength)
        {
            foreach (int eos in eosTokenIds)
                scores[TensorIndex.Colon, eos] = float.NegativeInfinity;
        }
        if (noRepeatNgramSize > 0 && cur + 1 >= noRepeatNgramSize)
            BanRepeatedNgrams(hostIds(), cur, scores);
        return scores;
    }

    // NoRepeatNGramLogitsProcessor: a token that would complete an n-gram already present in the hypothesis is
    // banned. Needs the ids on the host (greedy search copies them from the device: a HOST SYNC per step).
    private void BanRepeatedNgrams(long[] ids, int cur, Tensor scores)
    {
        int n = noRepeatNgramSize;
        long rows = ids.Length / cur;
        var banned = new List<long>();
        var rowIndex = new List<long>();
        for (long r = 0; r < rows; r++)
        {
            var span = new ReadOnlySpan<long>(ids, (int)(r * cur), cur);
            var prefix = span[(cur - n + 1)..];                                     // the last n-1 tokens
            for (int start = 0; start + n <= cur; start++)
            {
                if (span.Slice(start, n - 1).SequenceEqual(prefix))
                {
                    rowIndex.Add(r);
                    banned.Add(span[start + n - 1]);
                }
            }
        }
        if (banned.Count == 0)
            return;
        using var r2 = tensor(rowIndex.ToArray(), device: scores.device);
        using var c2 = tensor(banned.ToArray(), device: scores.device);
        scores.index_put_(float.NegativeInfinity, r2, c2);
    }
}
