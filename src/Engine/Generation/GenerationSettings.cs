using HfTrain.Engine.Models;

namespace HfTrain.Engine.Generation;

/// <summary>A generation config resolved for one call: effective lengths and tokens, built processors.</summary>
internal sealed record GenerationSettings(
    int MaxLength, int NumBeams, double LengthPenalty, EarlyStopping EarlyStopping, int NumReturnSequences,
    long DecoderStart, long Pad, IReadOnlyList<int> EosTokenIds, LogitsProcessors Processors)
{
    public static GenerationSettings From(GenerationConfig c)
    {
        if (c.DoSample)
            throw new NotSupportedException("do_sample=true is not supported: hf-train generates with greedy or beam search; set do_sample to false in generation_config.json.");
        if (c.NumBeams < 1)
            throw new ArgumentException($"num_beams must be at least 1, got {c.NumBeams}.");
        if (c.NumReturnSequences > c.NumBeams)
            throw new ArgumentException($"num_return_sequences ({c.NumReturnSequences}) must not exceed num_beams ({c.NumBeams}).");
        int maxLength = c.EffectiveMaxLength();
        if (maxLength < 2)
            throw new ArgumentException($"max_length/max_new_tokens leave no room to generate (max_length {maxLength}).");
        var eos = c.EosTokenIds;
        long pad = c.PadTokenId ?? (eos.Count > 0 ? eos[0] : 0);
        return new GenerationSettings(maxLength, c.NumBeams, c.LengthPenalty, c.EarlyStopping, c.NumReturnSequences,
            c.DecoderStartTokenId ?? pad, pad, eos, new LogitsProcessors(c.EffectiveMinLength(), c.NoRepeatNgramSize, eos));
    }
}
