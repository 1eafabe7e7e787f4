using HfTrain.Engine.Models.T5;
using static TorchSharp.torch;

namespace HfTrain.Engine.Generation;

/// <summary>
/// Greedy decoding as transformers' _sample with do_sample=False: argmax of the processed scores; finished rows
/// get pad; stops when every row produced eos or max_length is reached (output length = longest row).
/// </summary>
internal static class GreedySearch
{
    /// <returns>[B, L] int64, L ≤ max_length, starting with the decoder start token.</returns>
    public static Tensor Run(T5ForConditionalGeneration model, Tensor encoded, Tensor? mask, GenerationSettings s)
    {
        long b = encoded.shape[0];
        var device = encoded.device;
        using var cache = new T5KvCache(model.Config.NumDecoderLayers, s.MaxLength);
        var sequences = full([b, s.MaxLength], s.Pad, int64, device);                  // [B, L]
        sequences[TensorIndex.Colon, 0] = s.DecoderStart;
        var unfinished = ones([b], @bool, device);                                    // [B]
        using var eos = tensor(s.EosTokenIds.Select(e => (long)e).ToArray(), device: device);
        int cur = 1;
        while (cur < s.MaxLength)
        {
            using var step = NewDisposeScope();
            var ids = sequences.narrow(1, cur - 1, 1);                                // [B, 1] newest token
            var logits = model.Decode(ids, encoded, mask, cache)[TensorIndex.Colon, -1].to(float32); // [B, V]
            var scores = s.Processors.Apply(sequences.narrow(1, 0, cur), logits);
            var next = scores.argmax(-1);                                             // [B]
            next = where(unfinished, next, full_like(next, s.Pad));
            sequences[TensorIndex.Colon, cur] = next;
            cur++;
            var stillOpen = unfinished.logical_and(next.isin(eos).logical_not());
            unfinished.copy_(stillOpen);
            if (!unfinished.any().item<bool>())                                       // HOST SYNC: stop test per step
                break;
        }
        return sequences.narrow(1, 0, cur);
    }
}
