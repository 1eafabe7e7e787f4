using HfTrain.Engine.Diagnostics;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace HfTrain.Engine.Models.T5;

/// <summary>
/// T5 encoder-decoder with a language-model head (modeling_t5.py T5ForConditionalGeneration). Parameter names are
/// Hugging Face's: shared.weight, encoder.block.N.layer.M..., decoder..., lm_head.weight when the head is separate.
/// Weights and checkpoints: see T5ForConditionalGeneration.Weights.cs.
/// </summary>
public sealed partial class T5ForConditionalGeneration : nn.Module, ISeq2SeqModel
{
    private readonly Embedding shared;
    private readonly T5Stack encoder;
    private readonly T5Stack decoder;
    private readonly Linear? lm_head;
    private readonly double _outputScale;

    /// <param name="config">architecture.</param>
    /// <param name="separateHead">own lm_head.weight instead of reusing shared.weight; defaults to
    /// !tie_word_embeddings.</param>
    /// <param name="initialize">draw weights as transformers' _init_weights does (uses torch's global RNG);
    /// false leaves TorchSharp's defaults, for callers that load weights next.</param>
    public T5ForConditionalGeneration(T5Config config, bool? separateHead = null, bool initialize = true)
        : base(nameof(T5ForConditionalGeneration))
    {
        config.Validate();
        Config = config;
        shared = nn.Embedding(config.VocabSize, config.DModel);
        encoder = new T5Stack(config, isDecoder: false);
        decoder = new T5Stack(config, isDecoder: true);
        if (separateHead ?? !config.TieWordEmbeddings)
            lm_head = nn.Linear(config.DModel, config.VocabSize, hasBias: false);
        _outputScale = config.ScaleDecoderOutputs ? Math.Pow(config.DModel, -0.5) : 1.0;
        RegisterComponents();
        if (initialize)
            T5Initializer.Apply(this);
    }

    public T5Config Config { get; }
    public bool HasSeparateHead => lm_head is not null;
    public Embedding Shared => shared;
    public T5Stack Encoder => encoder;
    public T5Stack Decoder => decoder;
    public Linear? LmHead => lm_head;
    public ModelTokens Tokens => Config.Tokens;
    nn.Module ISeq2SeqModel.Module => this;

    IDecoderCache ISeq2SeqModel.NewCache(long capacity) => new T5KvCache(Config.NumDecoderLayers, capacity);

    Tensor ISeq2SeqModel.Decode(Tensor decoderInputIds, Tensor encoderHidden, Tensor? encoderMask, IDecoderCache cache) =>
        Decode(decoderInputIds, encoderHidden, encoderMask, (T5KvCache)cache);         // the cache this model made

    /// <summary>Encoder only (generation computes it once): input ids [B, S] int64, mask [B, S] → [B, S, D].</summary>
    public Tensor Encode(Tensor inputIds, Tensor? attentionMask)
    {
        using var embeds = Embed(inputIds);
        return encoder.Forward(embeds, attentionMask);
    }

    /// <summary>
    /// Token embeddings as the float32 residual stream [B, T, D]. With bf16/fp16 weights (hf-train's mixed precision)
    /// the residual adds and norms stay float32 and the matmuls run in the weights' dtype — what autocast gives
    /// transformers, where the embedding and the residual stream are float32 too.
    /// </summary>
    Tensor Embed(Tensor ids)
    {
        var embeds = shared.forward(ids);                                                     // [B, T, D]
        if (embeds.dtype == float32)
            return embeds;
        using (embeds)
            return embeds.to(float32);
    }

    /// <summary>Decoder and head: ids [B, T] → logits [B, T, V] (float32 when the weights are).</summary>
    public Tensor Decode(Tensor decoderInputIds, Tensor encoderHidden, Tensor? encoderMask, T5KvCache? cache = null)
    {
        using var embeds = Embed(decoderInputIds);
        using var h = decoder.Forward(embeds, null, encoderHidden, encoderMask, cache);         // [B, T, D]
        return Head(h);                                                                          // [B, T, V]
    }

    /// <summary>Decoder output before the head (T5Model's last hidden state): ids [B, T] → [B, T, D].</summary>
    internal Tensor DecoderHidden(Tensor decoderInputIds, Tensor encoderHidden, Tensor? encoderMask)
    {
        using var embeds = Embed(decoderInputIds);
        return decoder.Forward(embeds, null, encoderHidden, encoderMask);
    }

    /// <summary>The LM head on decoder output rows [..., D] → [..., V].</summary>
    Tensor Head(Tensor h)
    {
        if (_outputScale == 1.0)
            return lm_head is not null ? lm_head.forward(h) : F.linear(h, shared.weight!);
        using var scaled = h * _outputScale;      // Mesh TensorFlow rescale before a tied head: d_model^-0.5
        return lm_head is not null ? lm_head.forward(scaled) : F.linear(scaled, shared.weight!);
    }

    /// <summary>
    /// Full forward pass. Without <paramref name="decoderInputIds"/> the decoder reads labels shifted right.
    /// Loss: mean cross-entropy over labels that are not -100, with optional label smoothing (equal to
    /// transformers' LabelSmoother: (1-ε)·nll + ε·mean over the vocabulary of -log p).
    /// </summary>
    /// <param name="inputIds">[B, S] int64.</param><param name="attentionMask">[B, S] or null.</param>
    /// <param name="labels">[B, T] int64 with -100 for ignored positions, or null.</param>
    /// <param name="lossPositions">[N] int64, the flat indices into [B·T] of the labels that are not -100 (the
    /// trainer computes them on the host): the LM head and the loss then run on those N rows only, and
    /// <see cref="Seq2SeqLMOutput.Logits"/> is [N, V]. Null: logits for every position, [B, T, V].</param>
    /// <param name="encoderOutput">[B, S, D] from <see cref="Encode"/> when the caller already has it (evaluation
    /// encodes once for the loss and for generation); null: encodes <paramref name="inputIds"/>.</param>
    /// <param name="tokenLosses">true: <see cref="Seq2SeqLMOutput.Loss"/> is each label token's loss, float32, unreduced
    /// ([N] with <paramref name="lossPositions"/>, else [B·T] with 0 at ignored labels), for a caller that sums them
    /// its own way (evaluation recomposes HF's per-batch means); false: their mean.</param>
    public Seq2SeqLMOutput Forward(Tensor inputIds, Tensor? attentionMask, Tensor? labels,
        Tensor? decoderInputIds = null, double labelSmoothing = 0.0, Tensor? lossPositions = null, Tensor? encoderOutput = null,
        bool tokenLosses = false)
    {
        if (labels is null && decoderInputIds is null)
            throw new ArgumentException("Give labels or decoder input ids.", nameof(labels));
        if (lossPositions is not null && labels is null)
            throw new ArgumentException("Loss positions need labels.", nameof(lossPositions));
        var encoded = encoderOutput ?? Encode(inputIds, attentionMask);                      // [B, S, D]
        StepProfiler.FineMark("encoder");
        var decoderInput = decoderInputIds ?? ShiftRight(labels!, Config.DecoderStartTokenId, Config.PadTokenId);
        Tensor hidden;
        using (var embeds = Embed(decoderInput))
            hidden = decoder.Forward(embeds, null, encoded, attentionMask);                  // [B, T, D]
        if (encoderOutput is null)
            encoded.Dispose();                                                               // the caller's is the caller's
        StepProfiler.FineMark("decoder");
        Tensor? targets = labels?.view(-1);                                                   // [B·T]
        if (lossPositions is not null)
        {
            using var all = hidden;
            using var rows = all.view(-1, all.shape[^1]);
            hidden = rows.index_select(0, lossPositions);                                     // [N, D]
            targets = targets!.index_select(0, lossPositions);                                // [N]
        }
        Tensor logits;
        using (hidden)
            logits = Head(hidden);                                                            // [B, T, V] or [N, V]
        StepProfiler.FineMark("head");
        Tensor? loss = null;
        if (targets is not null)
        {
            using var flat = logits.view(-1, logits.shape[^1]);
            using var wide = flat.to(float32);
            loss = F.cross_entropy(wide, targets, ignore_index: -100, label_smoothing: labelSmoothing,
                reduction: tokenLosses ? nn.Reduction.None : nn.Reduction.Mean);              // scalar, or [N] / [B·T]
        }
        return new Seq2SeqLMOutput(loss, logits);
    }

    /// <summary>modeling_t5.py _shift_right: [start, y0, ..., y_{T-2}], with -100 replaced by pad. [B, T] → [B, T].</summary>
    public static Tensor ShiftRight(Tensor labels, long decoderStartTokenId, long padTokenId)
    {
        var shifted = zeros_like(labels);
        shifted[TensorIndex.Colon, TensorIndex.Slice(1)] = labels[TensorIndex.Colon, TensorIndex.Slice(null, -1)];
        shifted[TensorIndex.Colon, 0] = decoderStartTokenId;
        return shifted.masked_fill(shifted.eq(-100), padTokenId);
    }
}
