using HfTrain.Engine.Batches;
using HfTrain.Engine.Diagnostics;
using HfTrain.Engine.Models;
using static TorchSharp.torch;

namespace HfTrain.Engine.Generation;

/// <summary>
/// Beam search as transformers 5's vectorised GenerationMixin._beam_search (generation/utils.py), step for step.
/// The device runs the model's step, the log-softmax, the running scores' addition and the top-K continuations of
/// each row; the bookkeeping — keep the top 2·num_beams continuations, move those ending in eos (or at max_length)
/// into the finished set with length-penalised scores, continue the best num_beams open ones, stop by the same
/// early-stopping heuristic — runs on the host (<see cref="BeamState"/>), which sends back the next tokens, the
/// running scores and the cache reorder. Shapes: B batch, N beams, K candidates, V vocabulary.
/// </summary>
internal static class BeamSearch
{
    /// <returns>[B·num_return_sequences, L'] int64 on the encoder output's device.</returns>
    public static Tensor Run(ISeq2SeqModel model, Tensor encoded, Tensor? mask, GenerationSettings s) =>
        RunWithScores(model, encoded, mask, s).Sequences;

    /// <returns>the sequences as <see cref="Run"/>, and each one's length-penalised score [B·R] (transformers'
    /// sequences_scores).</returns>
    internal static (Tensor Sequences, float[] Scores) RunWithScores(ISeq2SeqModel model, Tensor encoded, Tensor? mask, GenerationSettings s)
    {
        var device = encoded.device;
        int b = (int)encoded.shape[0], n = s.NumBeams;
        var state = new BeamState(b, s, ReciprocalDivision(device));
        var encoderStates = encoded.repeat_interleave(n, 0);                            // [B·N, S, D]
        var encoderMask = mask?.repeat_interleave(n, 0);                                // [B·N, S]
        using var cache = model.NewCache(s.MaxLength);
        var input = full([b * n, 1], s.DecoderStart, int64, device).DetachFromDisposeScope();     // [B·N, 1]
        var runningScores = UploadScores(state, device).DetachFromDisposeScope();                 // [B·N]
        try
        {
            for (int cur = 1; ; cur++)
            {
                using var step = NewDisposeScope();
                var logits = model.Decode(input, encoderStates, encoderMask, cache)[TensorIndex.Colon, -1].to(float32); // [B·N, V]
                long vocab = logits.shape[1];
                var logProbs = s.Processors.Apply(cur, () => state.RunningIds(cur), logits.log_softmax(-1));
                logProbs = (logProbs.view(b, n, vocab) + runningScores.view(b, n, 1)).view(b, n * vocab); // [B, N·V]
                var (topLogProbs, topIndices) = logProbs.topk(state.Keep, dim: -1);     // [B, K]
                float[] values = topLogProbs.cpu().data<float>().ToArray();             // HOST SYNC: one per step
                long[] indices = topIndices.cpu().data<long>().ToArray();
                if (cur == 1)
                    StepProfiler.FineMark("beam step 1");
                if (!state.Step(values, indices, vocab, cur))
                    break;
                // the next step's inputs: newest tokens, running scores, and the cache following the surviving beams
                Replace(ref input, BatchTensors.ToDevice(tensor(state.NextTokens(cur), [b * n, 1]), device));
                Replace(ref runningScores, UploadScores(state, device));
                using var sourceRows = BatchTensors.ToDevice(tensor(state.SourceRows(cur)), device);
                cache.Reorder(sourceRows);
            }
        }
        finally
        {
            input.Dispose();
            runningScores.Dispose();
        }
        StepProfiler.FineMark("beam steps");
        var (ids, columns, scores) = state.Output(s.NumReturnSequences);
        return (BatchTensors.ToDevice(tensor(ids, [ids.Length / columns, columns]), device), scores);
    }

    /// <summary>How PyTorch divides a float32 tensor by a scalar there: CUDA multiplies by the reciprocal
    /// (div_true_kernel_cuda), the CPU divides.</summary>
    internal static bool ReciprocalDivision(Device device) => device.type == TorchSharp.DeviceType.CUDA;

    private static void Replace(ref Tensor held, Tensor next)
    {
        next.DetachFromDisposeScope();
        held.Dispose();
        held = next;
    }

    /// <summary>The running scores on the device, from a copy of the state's array (the next step overwrites it).</summary>
    private static Tensor UploadScores(BeamState state, Device device) =>
        BatchTensors.ToDevice(tensor((float[])state.RunningScores.Clone()), device);
}
