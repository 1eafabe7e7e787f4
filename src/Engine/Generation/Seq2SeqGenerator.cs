using HfTrain.Engine.Models;
using static TorchSharp.torch;

namespace HfTrain.Engine.Generation;

/// <summary>
/// generate() for an encoder-decoder model: encodes once, then greedy (num_beams 1) or beam search with a decoder KV cache, with the
/// generation config's defaults resolved as transformers resolves them.
/// </summary>
public static class Seq2SeqGenerator
{
    /// <param name="model">the model (switched to eval for the call, then restored).</param>
    /// <param name="inputIds">[B, S] int64 on the model's device.</param>
    /// <param name="attentionMask">[B, S] (1 keep, 0 pad) or null.</param>
    /// <param name="config">decoding settings; missing special tokens come from the model config.</param>
    /// <returns>[B·num_return_sequences, L] int64 on the model's device, starting with the decoder start token;
    /// rows end with eos then padding (greedy: pad; beam: transformers' fill value, eos for T5).</returns>
    public static Tensor Generate(ISeq2SeqModel model, Tensor inputIds, Tensor? attentionMask, GenerationConfig config) =>
        Generate(model, inputIds, attentionMask, config, encoderOutput: null);

    /// <param name="encoderOutput">[B, S, D]: the encoder output of <paramref name="inputIds"/> when the caller has
    /// it already (same values: the encoder runs without dropout in evaluation); null encodes here.</param>
    public static Tensor Generate(ISeq2SeqModel model, Tensor inputIds, Tensor? attentionMask, GenerationConfig config, Tensor? encoderOutput)
    {
        var settings = GenerationSettings.From(config.WithModelDefaults(model.Tokens));
        bool wasTraining = model.Module.training;
        model.Module.eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var encoded = encoderOutput ?? model.Encode(inputIds, attentionMask);       // [B, S, D]
            var output = settings.NumBeams > 1
                ? BeamSearch.Run(model, encoded, attentionMask, settings)
                : GreedySearch.Run(model, encoded, attentionMask, settings);
            return output.MoveToOuterDisposeScope();
        }
        finally
        {
            if (wasTraining)
                model.Module.train();
        }
    }

    /// <summary>Generated rows as id arrays, cut after the first eos and without the start token nor padding.</summary>
    public static long[][] ToTokenLists(Tensor generated, GenerationConfig config)
    {
        long rows = generated.shape[0], cols = generated.shape[1];
        long[] ids = generated.cpu().contiguous().data<long>().ToArray();
        var eos = config.EosTokenIds.Select(e => (long)e).ToHashSet();
        var result = new long[rows][];
        for (long r = 0; r < rows; r++)
        {
            var row = new List<long>();
            for (long c = 1; c < cols; c++)
            {
                long id = ids[r * cols + c];
                if (eos.Contains(id))
                    break;
                row.Add(id);
            }
            result[r] = row.ToArray();
        }
        return result;
    }
}
