using TorchSharp;
using static TorchSharp.torch;

namespace HfTrain.Engine.Models;

/// <summary>
/// An encoder-decoder language model as the trainer, the evaluator, generation and checkpoints see it. A family
/// (e.g. <c>Models/T5</c>) implements it and registers in <c>Registry/ModelRegistry</c>; nothing above this
/// interface names a family's types.
/// </summary>
public interface ISeq2SeqModel : IDisposable
{
    /// <summary>The module itself: its parameters (the flat optimizer's), train/eval mode, device and dtype moves.</summary>
    nn.Module Module { get; }

    /// <summary>Pad, eos and decoder-start ids from the model's config.</summary>
    ModelTokens Tokens { get; }

    /// <summary>Encoder only: input ids [B, S] int64, mask [B, S] → [B, S, D].</summary>
    Tensor Encode(Tensor inputIds, Tensor? attentionMask);

    /// <summary>Full forward pass with the loss when labels are given (see the family's documentation for the
    /// arguments: labels [B, T] with -100 ignored, loss positions [N], a precomputed encoder output).</summary>
    Seq2SeqLMOutput Forward(Tensor inputIds, Tensor? attentionMask, Tensor? labels, Tensor? decoderInputIds = null,
        double labelSmoothing = 0.0, Tensor? lossPositions = null, Tensor? encoderOutput = null, bool tokenLosses = false);

    /// <summary>A decoder cache for one generate call of at most <paramref name="capacity"/> positions.</summary>
    IDecoderCache NewCache(long capacity);

    /// <summary>Decoder and head on the newest ids [B, T] → logits [B, T, V], reading and filling <paramref name="cache"/>
    /// (made by this model's <see cref="NewCache"/>).</summary>
    Tensor Decode(Tensor decoderInputIds, Tensor encoderHidden, Tensor? encoderMask, IDecoderCache cache);

    /// <summary>save_pretrained: config, generation config and weights into <paramref name="directory"/>;
    /// <paramref name="weights"/> (by parameter name) replace the module's own tensors when given.</summary>
    void Save(string directory, GenerationConfig? generation, IReadOnlyDictionary<string, Tensor>? weights);
}
