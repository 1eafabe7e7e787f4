using static TorchSharp.torch;

namespace HfTrain.Engine.Generation;

/// <summary>
/// The logits processors generate() builds from a generation config for greedy/beam search, applied in
/// transformers' order: MinLengthLogitsProcessor, then NoRepeatNGramLogitsProcessor.
/// </summary>
internal sealed class LogitsProcessors(int minLength, int noRepeatNgramSize, IReadOnlyList<int> eosTokenIds)
{
    /// <param name="sequences">decoder ids so far [N, cur] (start token included).</param>
    /// <param name="scores">next-token scores [N, V]; modified in place and returned.</param>
    public Tensor Apply(Tensor sequences, Tensor scores)
    {
        long cur = sequences.shape[1];
        if (cur < minLength)
        {
            foreach (int eos in eosTokenIds)
                scores[TensorIndex.Colon, eos] = float.NegativeInfinity;
        }
        if (noRepeatNgramSize > 0 && cur + 1 >= noRepeatNgramSize)
            BanRepeatedNgrams(sequences, scores);
        return scores;
    }

    // NoRepeatNGramLogitsProcessor: a token that would complete an n-gram already present in the hypothesis is
    // banned. Needs the ids on the host: one device→host copy per step (HOST SYNC).
    private void BanRepeatedNgrams(Tensor sequences, Tensor scores)
    {
        int n = noRepeatNgramSize;
        long rows = sequences.shape[0], cur = sequences.shape[1];
        long[] ids = sequences.cpu().contiguous().data<long>().ToArray();
        var banned = new List<long>();
        var rowIndex = new List<long>();
        for (long r = 0; r < rows; r++)
        {
            var span = new ReadOnlySpan<long>(ids, (int)(r * cur), (int)cur);
            var prefix = span[(int)(cur - n + 1)..];                                     // the last n-1 tokens
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
