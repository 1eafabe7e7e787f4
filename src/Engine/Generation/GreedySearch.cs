using HfTrain.Engine.Diagnostics;
using HfTrain.Engine.Models;
using static TorchSharp.torch;

namespace HfTrain.Engine.Generation;

/// <summary>
/// Greedy decoding as transformers' _sample with do_sample=False: argmax of the processed scores; finished rows
/// get pad; stops when every row produced eos or max_length is reached (output length = longest row).
/// </summary>
internal static class GreedySearch
{
    /// <summary>Decoding steps between host checks of "all rows finished".</summary>
    const int StopCheckInterval = 4;

    /// <returns>[B, L] int64, L ≤ max_length, starting with the decoder start token.</returns>
    public static Tensor Run(ISeq2SeqModel model, Tensor encoded, Tensor? mask, GenerationSettings s)
    {
        long b = encoded.shape[0];
        var device = encoded.device;
        using var cache = model.NewCache(s.MaxLength);
        var sequences = full([b, s.MaxLength], s.Pad, int64, device);                  // [B, L]
        sequences[TensorIndex.Colon, 0] = s.DecoderStart;
        var unfinished = ones([b], @bool, device);                                    // [B]
        var openSteps = zeros([1], int64, device);                                    // [1] steps that began with an open row
        long? singleEos = s.EosTokenIds.Count == 1 ? s.EosTokenIds[0] : null;
        // a device tensor from host ids is a blocking copy: made only when there are several eos ids
        using var eos = singleEos is null ? tensor(s.EosTokenIds.Select(e => (long)e).ToArray(), device: device) : null;
        int cur = 1;
        while (cur < s.MaxLength)
        {
            using var step = NewDisposeScope();
            var ids = sequences.narrow(1, cur - 1, 1);                                // [B, 1] newest token
            var logits = model.Decode(ids, encoded, mask, cache)[TensorIndex.Colon, -1].to(float32); // [B, V]
            var scores = s.Processors.Apply(cur, () => sequences.narrow(1, 0, cur).cpu().contiguous().data<long>().ToArray(), logits);
            var next = scores.argmax(-1);                                             // [B]
            next.masked_fill_(unfinished.logical_not(), s.Pad);
            sequences[TensorIndex.Colon, cur] = next;
            cur++;
            if (cur == 2)
                StepProfiler.FineMark("greedy step 1");
            openSteps.add_(unfinished.any());                                         // this column was generated for an open row
            unfinished.logical_and_(singleEos is { } e ? next.ne(e) : next.isin(eos!).logical_not());
            // HOST SYNC every few steps only: the stop test would otherwise make the host wait for the GPU at each
            // token; steps after the last row finished only write pad, and are cut off below
            if (cur % StopCheckInterval == 0 && !unfinished.any().item<bool>())
                break;
        }
        StepProfiler.FineMark("greedy steps");
        long used;
        using (NewDisposeScope())
            used = 1 + openSteps.item<long>();                                        // HOST SYNC, once
        return sequences.narrow(1, 0, used);
    }
}
