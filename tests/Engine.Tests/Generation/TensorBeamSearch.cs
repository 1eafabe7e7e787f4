using HfTrain.Engine.Generation;
using HfTrain.Engine.Models;
using HfTrain.Engine.Models.T5;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Generation;

/// <summary>
/// The test oracle for <see cref="BeamSearch"/>: transformers 5's vectorised GenerationMixin._beam_search
/// (generation/utils.py) written op for op with tensors on the model's device (hf-train's implementation until the
/// bookkeeping moved to the host), step for step:
/// keep the top 2·num_beams continuations, move those ending in eos (or at max_length) into the finished set with
/// length-penalised scores, continue the best num_beams open ones, stop by the same early-stopping heuristic.
/// Shapes: B batch, N beams, K = 2N candidates, L max_length, V vocabulary.
/// </summary>
internal static class TensorBeamSearch
{
    private const float Large = -1.0e9f;

    /// <returns>[B·num_return_sequences, L'] int64; <paramref name="scores"/>: their length-penalised scores.</returns>
    public static Tensor Run(T5ForConditionalGeneration model, Tensor encoded, Tensor? mask, GenerationSettings s, out float[] scores)
    {
        var state = new TensorBeamState(encoded.shape[0], s, encoded.device);
        long b = state.Batch;
        int n = s.NumBeams, prompt = 1;
        var encoderStates = encoded.repeat_interleave(n, 0);                            // [B·N, S, D]
        var encoderMask = mask?.repeat_interleave(n, 0);                                // [B·N, S]
        using var cache = new T5KvCache(model.Config.NumDecoderLayers, s.MaxLength);
        using var eos = tensor(s.EosTokenIds.Select(e => (long)e).ToArray(), device: encoded.device);
        using var batchOffset = (arange(b, dtype: int64, device: encoded.device) * n).view(-1, 1); // [B, 1] first row of each item
        int cur = 1;
        while (true)
        {
            using var step = NewDisposeScope();
            var flat = state.RunningSequences.view(b * n, s.MaxLength);                 // [B·N, L]
            var logits = model.Decode(flat.narrow(1, cur - 1, 1), encoderStates, encoderMask, cache)
                [TensorIndex.Colon, -1].to(float32);                                    // [B·N, V]
            long vocab = logits.shape[1];
            var logProbs = s.Processors.Apply(cur, () => flat.narrow(1, 0, cur).cpu().contiguous().data<long>().ToArray(), logits.log_softmax(-1));
            logProbs = logProbs.view(b, n, vocab) + state.RunningScores.unsqueeze(-1);  // [B, N, V]
            logProbs = logProbs.reshape(b, n * vocab);                                  // [B, N·V]

            // a. top-K continuations (_get_top_k_continuations)
            var (topLogProbs, topIndices) = logProbs.topk(state.Keep, dim: -1);          // [B, K]
            var fromBeam = topIndices.floor_divide(vocab);                              // [B, K]
            var topBeamIndices = Gather(state.RunningBeamIndices, fromBeam);            // [B, K, L-1]
            var topSequences = Gather(state.RunningSequences, fromBeam);                // [B, K, L]
            var topIds = topIndices.remainder(vocab);                                   // [B, K]
            topSequences[TensorIndex.Colon, TensorIndex.Colon, cur] = topIds;
            topBeamIndices[TensorIndex.Colon, TensorIndex.Colon, cur - prompt] = fromBeam + batchOffset;

            // b. which candidates stop here: eos, or the sequence reaches max_length
            var hits = cur + 1 >= s.MaxLength ? ones_like(topIds, @bool) : topIds.isin(eos); // [B, K]

            // c. the best N candidates that did not stop keep running
            var runningLogProbs = topLogProbs + hits.to(float32) * Large;               // [B, K]
            var next = runningLogProbs.topk(n, dim: -1).indexes;                        // [B, N]
            state.SetRunning(Gather(topSequences, next), Gather(runningLogProbs, next), Gather(topBeamIndices, next));

            // d. merge the candidates that stopped among the top N into the finished set
            UpdateFinished(state, topSequences, topLogProbs, topBeamIndices, hits, cur, prompt, s);

            // e. the cache follows the surviving beams
            cache.Reorder(state.RunningBeamIndices.select(2, cur - prompt).reshape(-1));
            cur++;
            state.CheckEarlyStopHeuristic(cur, prompt, s);
            if (!state.HasUnfinished(hits, s.EarlyStopping))                            // HOST SYNC: stop test per step
                break;
        }
        scores = state.BeamScores.narrow(1, 0, s.NumReturnSequences).reshape(-1).cpu().data<float>().ToArray();
        return state.Output(prompt, s.NumReturnSequences);
    }

    private static void UpdateFinished(TensorBeamState state, Tensor topSequences, Tensor topLogProbs, Tensor topBeamIndices,
        Tensor hits, int cur, int prompt, GenerationSettings s)
    {
        var justFinished = hits.logical_and(state.TopNumBeamMask.unsqueeze(0));          // [B, K]
        var scores = topLogProbs / Math.Pow(cur + 1 - prompt, s.LengthPenalty);         // [B, K]
        if (s.EarlyStopping == EarlyStopping.True)                                      // a batch row is done once N beams finished
            scores = scores + state.IsSentFinished.all(-1, keepdim: true).to(float32) * Large; // [B, K]
        scores = scores + state.EarlyStopUnsatisfied.logical_not().to(float32) * Large;
        scores = scores + justFinished.logical_not().to(float32) * Large;
        var mergedSequences = cat([state.Sequences, topSequences], 1);                  // [B, N+K, L]
        var mergedScores = cat([state.BeamScores, scores], 1);                          // [B, N+K]
        var mergedBeamIndices = cat([state.BeamIndices, topBeamIndices], 1);            // [B, N+K, L-1]
        var mergedFinished = cat([state.IsSentFinished, justFinished], 1);              // [B, N+K]
        var best = mergedScores.topk(s.NumBeams, dim: -1).indexes;                      // [B, N]
        state.SetFinished(Gather(mergedSequences, best), Gather(mergedScores, best),
            Gather(mergedBeamIndices, best), Gather(mergedFinished, best));
    }

    /// <summary>_gather_beams: picks along dim 1 ([B, X, ...] by indices [B, Y]) → [B, Y, ...].</summary>
    internal static Tensor Gather(Tensor t, Tensor indices)
    {
        var idx = indices;
        while (idx.dim() < t.dim())
            idx = idx.unsqueeze(-1);
        return t.take_along_dim(idx, 1);
    }
}
