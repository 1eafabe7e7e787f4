using HfTrain.Engine.Generation;
using HfTrain.Engine.Models;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Generation;

/// <summary>
/// The tensors TensorBeamSearch (the test oracle) carries from step to step. Replaced tensors are disposed at once and the new ones
/// moved out of the step's dispose scope, so memory stays flat over the steps of one call.
/// </summary>
internal sealed class TensorBeamState
{
    public TensorBeamState(long batch, GenerationSettings s, Device device)
    {
        int n = s.NumBeams;
        Batch = batch;
        Keep = Math.Max(2, 1 + s.EosTokenIds.Count) * n;
        // transformers fills unused positions with `pad_token_id or eos_token_id[0]`: a pad id of 0 is falsy in
        // Python, so T5 (pad 0, eos 1) gets eos after a finished hypothesis.
        long fill = s.Pad != 0 ? s.Pad : s.EosTokenIds.Count > 0 ? s.EosTokenIds[0] : -1;
        TopNumBeamMask = cat([ones(n, @bool, device), zeros(Keep - n, @bool, device)]);        // [K]
        RunningSequences = full([batch, n, s.MaxLength], fill, int64, device);                  // [B, N, L]
        RunningSequences[TensorIndex.Colon, TensorIndex.Colon, 0] = s.DecoderStart;
        Sequences = RunningSequences.clone();
        RunningScores = zeros([batch, n], float32, device);                                      // [B, N]
        RunningScores[TensorIndex.Colon, TensorIndex.Slice(1)] = -1.0e9f;                         // only beam 0 starts
        BeamScores = full([batch, n], -1.0e9f, float32, device);
        IsSentFinished = zeros([batch, n], @bool, device);
        EarlyStopUnsatisfied = ones([batch, 1], @bool, device);
        RunningBeamIndices = full([batch, n, s.MaxLength - 1], -1L, int64, device);            // [B, N, L-1]
        BeamIndices = RunningBeamIndices.clone();
    }

    public long Batch { get; }
    public int Keep { get; }
    public Tensor TopNumBeamMask { get; }
    public Tensor RunningSequences { get; private set; }
    public Tensor RunningScores { get; private set; }
    public Tensor RunningBeamIndices { get; private set; }
    public Tensor Sequences { get; private set; }
    public Tensor BeamScores { get; private set; }
    public Tensor BeamIndices { get; private set; }
    public Tensor IsSentFinished { get; private set; }
    public Tensor EarlyStopUnsatisfied { get; private set; }

    public void SetRunning(Tensor sequences, Tensor scores, Tensor beamIndices)
    {
        RunningSequences = Swap(RunningSequences, sequences);
        RunningScores = Swap(RunningScores, scores);
        RunningBeamIndices = Swap(RunningBeamIndices, beamIndices);
    }

    public void SetFinished(Tensor sequences, Tensor scores, Tensor beamIndices, Tensor finished)
    {
        Sequences = Swap(Sequences, sequences);
        BeamScores = Swap(BeamScores, scores);
        BeamIndices = Swap(BeamIndices, beamIndices);
        IsSentFinished = Swap(IsSentFinished, finished);
    }

    /// <summary>_check_early_stop_heuristic: can the best running beam still beat the worst finished one?</summary>
    public void CheckEarlyStopHeuristic(int cur, int prompt, GenerationSettings s)
    {
        int length = s.EarlyStopping == EarlyStopping.Never && s.LengthPenalty > 0.0 ? s.MaxLength - prompt : cur - prompt;
        var bestPossible = RunningScores.narrow(1, 0, 1) / Math.Pow(length, s.LengthPenalty);     // [B, 1]
        var worstFinished = where(IsSentFinished, BeamScores.min(1, keepdim: true).values,
            full_like(BeamScores, -1.0e9f));                                                      // [B, N]
        var stillOpen = EarlyStopUnsatisfied.logical_and(bestPossible.gt(worstFinished).any(-1, keepdim: true));
        EarlyStopUnsatisfied = Swap(EarlyStopUnsatisfied, stillOpen);
    }

    /// <summary>_beam_search_has_unfinished_sequences (one host sync).</summary>
    public bool HasUnfinished(Tensor hits, EarlyStopping earlyStopping)
    {
        var improvementPossible = EarlyStopUnsatisfied.any();
        var openBeam = earlyStopping == EarlyStopping.True ? IsSentFinished.all().logical_not() : ones_like(improvementPossible);
        var validContinuations = hits.all().logical_not();
        return improvementPossible.logical_and(openBeam).logical_and(validContinuations).item<bool>();
    }

    /// <summary>The best finished hypotheses, cropped to the longest generated one: [B·R, prompt + longest].</summary>
    public Tensor Output(int prompt, int numReturnSequences)
    {
        var sequences = Sequences.narrow(1, 0, numReturnSequences).reshape(Batch * numReturnSequences, -1);
        var indices = BeamIndices.narrow(1, 0, numReturnSequences).reshape(Batch * numReturnSequences, -1);
        long generated = indices.ne(-1).sum(1).max().item<long>();
        return sequences.narrow(1, 0, prompt + generated).contiguous();
    }

    private static Tensor Swap(Tensor old, Tensor next)
    {
        next.MoveToOuterDisposeScope();
        if (!ReferenceEquals(old, next))
            old.Dispose();
        return next;
    }
}
