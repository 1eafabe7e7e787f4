using HfTrain.Engine.Models;

namespace HfTrain.Engine.Generation;

/// <summary>
/// transformers 5's vectorised _beam_search bookkeeping (generation/utils.py), kept on the host. Each decoding step
/// ends on the device with the top-K continuations of every batch row; their values and flat indices come to the host
/// (the step's stop test needs a host sync anyway), and everything else — which continuations end in eos, which keep
/// running, the finished set, the early-stop heuristic — is a few hundred numbers per row, computed here with the
/// float32 arithmetic the tensor ops perform, in their order. On the device that bookkeeping was ≈ 50 small kernel
/// launches per step and ≈ 15 kernel types whose first launches cost 10–50 ms each in a fresh process.
/// Shapes: B rows, N beams, K = max(2, 1 + eos ids)·N candidates, L max_length; arrays are row-major.
/// </summary>
internal sealed class BeamState
{
    private const float Large = -1.0e9f;
    private const int Prompt = 1;                                  // the decoder prompt: the start token

    private readonly int _batch, _beams, _keep, _length;
    private readonly GenerationSettings _settings;
    private readonly bool _reciprocalDivision;
    private readonly HashSet<long> _eos;
    private long[] _runningSequences, _runningBeamIndices;         // [B, N, L], [B, N, L-1]
    private float[] _runningScores;                                // [B, N]
    private long[] _sequences, _beamIndices;                       // the finished set: [B, N, L], [B, N, L-1]
    private float[] _beamScores;                                   // [B, N]
    private bool[] _isSentFinished;                                // [B, N]
    private readonly bool[] _earlyStopUnsatisfied;                 // [B]
    private Buffers _next;                                         // where a step writes the next state
    private readonly long[] _topSequences, _topBeamIndices;        // one row's K continuations: [K, L], [K, L-1]
    private readonly bool[] _hits;                                 // [K]
    private readonly float[] _runningLogProbs, _merged;            // [K], [N + K]

    private sealed record Buffers(long[] RunningSequences, long[] RunningBeamIndices, float[] RunningScores, long[] Sequences,
        long[] BeamIndices, float[] BeamScores, bool[] IsSentFinished);

    /// <param name="reciprocalDivision">how the device divides a float32 tensor by a scalar: CUDA multiplies by the
    /// reciprocal, the CPU divides (PyTorch's div_true kernels); scores must round as the tensor op's.</param>
    public BeamState(int batch, GenerationSettings s, bool reciprocalDivision)
    {
        _batch = batch;
        _beams = s.NumBeams;
        _keep = Math.Max(2, 1 + s.EosTokenIds.Count) * s.NumBeams;
        _length = s.MaxLength;
        _settings = s;
        _reciprocalDivision = reciprocalDivision;
        _eos = s.EosTokenIds.Select(e => (long)e).ToHashSet();
        // transformers fills unused positions with `pad_token_id or eos_token_id[0]`: a pad id of 0 is falsy in
        // Python, so T5 (pad 0, eos 1) gets eos after a finished hypothesis.
        long fill = s.Pad != 0 ? s.Pad : s.EosTokenIds.Count > 0 ? s.EosTokenIds[0] : -1;
        int rows = batch * _beams;
        _runningSequences = new long[rows * _length];
        Array.Fill(_runningSequences, fill);
        for (int row = 0; row < rows; row++)
            _runningSequences[row * _length] = s.DecoderStart;
        _sequences = (long[])_runningSequences.Clone();
        _runningScores = new float[rows];
        for (int row = 0; row < rows; row++)
            _runningScores[row] = row % _beams == 0 ? 0f : Large;                  // only beam 0 starts
        _beamScores = new float[rows];
        Array.Fill(_beamScores, Large);
        _isSentFinished = new bool[rows];
        _earlyStopUnsatisfied = new bool[batch];
        Array.Fill(_earlyStopUnsatisfied, true);
        _runningBeamIndices = new long[rows * (_length - 1)];
        Array.Fill(_runningBeamIndices, -1L);
        _beamIndices = (long[])_runningBeamIndices.Clone();
        _next = new Buffers(new long[rows * _length], new long[rows * (_length - 1)], new float[rows], new long[rows * _length],
            new long[rows * (_length - 1)], new float[rows], new bool[rows]);
        _topSequences = new long[_keep * _length];
        _topBeamIndices = new long[_keep * (_length - 1)];
        _hits = new bool[_keep];
        _runningLogProbs = new float[_keep];
        _merged = new float[_beams + _keep];
    }

    /// <summary>K: the continuations each row keeps per step (the device's topk).</summary>
    public int Keep => _keep;

    /// <summary>Running beams' cumulative log-probabilities [B·N], added on the device to the next step's.</summary>
    public float[] RunningScores => _runningScores;

    /// <summary>After the step at <paramref name="cur"/>: each running beam's newest token [B·N], the next decoder input.</summary>
    public long[] NextTokens(int cur)
    {
        var tokens = new long[_batch * _beams];
        for (int row = 0; row < tokens.Length; row++)
            tokens[row] = _runningSequences[row * _length + cur];
        return tokens;
    }

    /// <summary>After the step at <paramref name="cur"/>: for each running beam, the row [B·N] whose cache it
    /// continues (the cache reorder).</summary>
    public long[] SourceRows(int cur)
    {
        var rows = new long[_batch * _beams];
        for (int row = 0; row < rows.Length; row++)
            rows[row] = _runningBeamIndices[row * (_length - 1) + cur - Prompt];
        return rows;
    }

    /// <summary>The running beams' ids so far [B·N, cur], row-major (for logits processors that read them).</summary>
    public long[] RunningIds(int cur)
    {
        var ids = new long[_batch * _beams * cur];
        for (int row = 0; row < _batch * _beams; row++)
            Array.Copy(_runningSequences, row * _length, ids, row * cur, cur);
        return ids;
    }

    /// <summary>
    /// One decoding step at length <paramref name="cur"/> from the device's top-K of each row (values [B·K] and flat
    /// indices beam·V + token [B·K], both sorted by value as torch.topk returns them).
    /// </summary>
    /// <returns>whether another step is needed (_beam_search_has_unfinished_sequences).</returns>
    public bool Step(float[] topLogProbs, long[] topIndices, long vocab, int cur)
    {
        int n = _beams, k = _keep, l = _length;
        var (topSequences, topBeamIndices, hits, runningLogProbs, merged) = (_topSequences, _topBeamIndices, _hits, _runningLogProbs, _merged);
        var next = _next;
        var (nextRunningSequences, nextRunningBeamIndices, nextRunningScores) = (next.RunningSequences, next.RunningBeamIndices, next.RunningScores);
        var (nextSequences, nextBeamIndices, nextBeamScores, nextFinished) = (next.Sequences, next.BeamIndices, next.BeamScores, next.IsSentFinished);
        bool allHits = true;
        bool last = cur + 1 >= l;
        for (int b = 0; b < _batch; b++)
        {
            // a. the top-K continuations (_get_top_k_continuations)
            for (int c = 0; c < k; c++)
            {
                long flat = topIndices[b * k + c];
                int fromBeam = (int)(flat / vocab);
                long token = flat % vocab;
                Array.Copy(_runningSequences, (b * n + fromBeam) * l, topSequences, c * l, l);
                topSequences[c * l + cur] = token;
                Array.Copy(_runningBeamIndices, (b * n + fromBeam) * (l - 1), topBeamIndices, c * (l - 1), l - 1);
                topBeamIndices[c * (l - 1) + cur - Prompt] = b * n + fromBeam;
                // b. which continuations stop here: eos, or the sequence reaches max_length
                hits[c] = last || _eos.Contains(token);
                allHits &= hits[c];
                // c. the best N that did not stop keep running (topLogProbs + hits * Large, as float32)
                runningLogProbs[c] = hits[c] ? topLogProbs[b * k + c] + Large : topLogProbs[b * k + c];
            }
            int[] keepRunning = TopIndices(runningLogProbs, n);
            for (int j = 0; j < n; j++)
            {
                int row = b * n + j, c = keepRunning[j];
                Array.Copy(topSequences, c * l, nextRunningSequences, row * l, l);
                Array.Copy(topBeamIndices, c * (l - 1), nextRunningBeamIndices, row * (l - 1), l - 1);
                nextRunningScores[row] = runningLogProbs[c];
            }

            // d. merge the continuations that stopped among the top N into the finished set
            bool allFinished = true;
            for (int j = 0; j < n; j++)
                allFinished &= _isSentFinished[b * n + j];
            double divisor = Math.Pow(cur + 1 - Prompt, _settings.LengthPenalty);
            for (int j = 0; j < n; j++)
                merged[j] = _beamScores[b * n + j];
            for (int c = 0; c < k; c++)
            {
                bool justFinished = hits[c] && c < n;
                float score = Penalize(topLogProbs[b * k + c], divisor);
                if (_settings.EarlyStopping == EarlyStopping.True)
                    score += allFinished ? Large : -0f;
                score += _earlyStopUnsatisfied[b] ? -0f : Large;
                score += justFinished ? -0f : Large;
                merged[n + c] = score;
            }
            int[] best = TopIndices(merged, n);
            for (int j = 0; j < n; j++)
            {
                int row = b * n + j, m = best[j];
                if (m < n)
                {
                    int from = b * n + m;
                    Array.Copy(_sequences, from * l, nextSequences, row * l, l);
                    Array.Copy(_beamIndices, from * (l - 1), nextBeamIndices, row * (l - 1), l - 1);
                    nextFinished[row] = _isSentFinished[from];
                }
                else
                {
                    int c = m - n;
                    Array.Copy(topSequences, c * l, nextSequences, row * l, l);
                    Array.Copy(topBeamIndices, c * (l - 1), nextBeamIndices, row * (l - 1), l - 1);
                    nextFinished[row] = hits[c] && c < n;
                }
                nextBeamScores[row] = merged[m];
            }
        }
        // the step's results become the state; the old arrays are next step's to overwrite (every slot is written)
        _next = new Buffers(_runningSequences, _runningBeamIndices, _runningScores, _sequences, _beamIndices, _beamScores,
            _isSentFinished);
        (_runningSequences, _runningBeamIndices, _runningScores) = (nextRunningSequences, nextRunningBeamIndices, nextRunningScores);
        (_sequences, _beamIndices, _beamScores, _isSentFinished) = (nextSequences, nextBeamIndices, nextBeamScores, nextFinished);
        CheckEarlyStopHeuristic(cur + 1);
        return HasUnfinished(allHits);
    }

    /// <summary>_check_early_stop_heuristic at the new length: can a row's best running beam still beat its worst finished one?</summary>
    private void CheckEarlyStopHeuristic(int cur)
    {
        var s = _settings;
        int length = s.EarlyStopping == EarlyStopping.Never && s.LengthPenalty > 0.0 ? s.MaxLength - Prompt : cur - Prompt;
        double divisor = Math.Pow(length, s.LengthPenalty);
        for (int b = 0; b < _batch; b++)
        {
            float bestPossible = Penalize(_runningScores[b * _beams], divisor);
            float min = float.PositiveInfinity;
            for (int j = 0; j < _beams; j++)
                min = Math.Min(min, _beamScores[b * _beams + j]);
            bool improvable = false;
            for (int j = 0; j < _beams; j++)
                improvable |= bestPossible > (_isSentFinished[b * _beams + j] ? min : Large);
            _earlyStopUnsatisfied[b] &= improvable;
        }
    }

    /// <summary>_beam_search_has_unfinished_sequences.</summary>
    private bool HasUnfinished(bool allHits)
    {
        bool improvementPossible = _earlyStopUnsatisfied.Any(open => open);
        bool openBeam = _settings.EarlyStopping != EarlyStopping.True || !_isSentFinished.All(done => done);
        return improvementPossible && openBeam && !allHits;
    }

    /// <summary>The best <paramref name="numReturnSequences"/> finished hypotheses of each row, cropped to the
    /// longest generated one: ids [B·R, prompt + longest] and their scores [B·R].</summary>
    public (long[] Ids, int Columns, float[] Scores) Output(int numReturnSequences)
    {
        int l = _length, r = numReturnSequences;
        int generated = 0;
        for (int b = 0; b < _batch; b++)
        {
            for (int j = 0; j < r; j++)
            {
                int count = 0;
                for (int i = 0; i < l - 1; i++)
                    count += _beamIndices[(b * _beams + j) * (l - 1) + i] != -1 ? 1 : 0;
                generated = Math.Max(generated, count);
            }
        }
        int columns = Prompt + generated;
        var ids = new long[_batch * r * columns];
        var scores = new float[_batch * r];
        for (int b = 0; b < _batch; b++)
        {
            for (int j = 0; j < r; j++)
            {
                Array.Copy(_sequences, (b * _beams + j) * l, ids, (b * r + j) * columns, columns);
                scores[b * r + j] = _beamScores[b * _beams + j];
            }
        }
        return (ids, columns, scores);
    }

    private float Penalize(float value, double divisor) => Penalize(value, divisor, _reciprocalDivision);

    /// <summary>A float32 tensor divided by a (double) scalar, rounded as the device does it: the CPU divides by the
    /// divisor rounded to float32; CUDA multiplies by the reciprocal computed in double and rounded to float32
    /// (measured bit for bit with PyTorch 2.11: bench/division.py; `hf-train selftest` checks it on the device).</summary>
    internal static float Penalize(float value, double divisor, bool reciprocalDivision) =>
        reciprocalDivision ? value * (float)(1.0 / divisor) : value / (float)divisor;

    /// <summary>torch.topk(values, count) indices, largest first; equal values keep their order.</summary>
    internal static int[] TopIndices(float[] values, int count)
    {
        var picked = new int[count];
        var taken = new bool[values.Length];
        for (int i = 0; i < count; i++)
        {
            int best = -1;
            for (int j = 0; j < values.Length; j++)
            {
                if (!taken[j] && (best < 0 || values[j] > values[best]))
                    best = j;
            }
            taken[best] = true;
            picked[i] = best;
        }
        return picked;
    }
}
