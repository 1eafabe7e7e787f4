using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace HfTrain.Engine.Models.T5;

/// <summary>
/// The encoder or decoder stack (modeling_t5.py T5Stack) without its token embedding, which the model shares:
/// dropout(embeddings) → blocks → final_layer_norm → dropout. Only block 0 owns relative_attention_bias; the
/// bias it computes (plus the mask) is reused by every block, as in the reference.
/// </summary>
public sealed class T5Stack : nn.Module
{
    private readonly ModuleList<T5Block> block;
    private readonly T5LayerNorm final_layer_norm;
    private readonly bool _isDecoder;
    private readonly double _dropout;

    public T5Stack(T5Config config, bool isDecoder) : base(isDecoder ? "decoder" : "encoder")
    {
        _isDecoder = isDecoder;
        _dropout = config.DropoutRate;
        int layers = isDecoder ? config.NumDecoderLayers : config.NumLayers;
        block = new ModuleList<T5Block>();
        for (int i = 0; i < layers; i++)
            block.Add(new T5Block(config, hasRelativeAttentionBias: i == 0, isDecoder));
        final_layer_norm = new T5LayerNorm(config.DModel, config.LayerNormEpsilon);
        RegisterComponents();
    }

    public IReadOnlyList<T5Block> Blocks => [.. block];
    public T5LayerNorm FinalLayerNorm => final_layer_norm;

    /// <param name="embeds">token embeddings [B, T, D].</param>
    /// <param name="attentionMask">encoder: padding mask [B, T] (1 keep, 0 pad) or null. Ignored by the decoder,
    /// which is causal (decoder padding only follows real tokens, as Seq2SeqTrainer feeds it).</param>
    /// <param name="encoderHidden">decoder: encoder output [B, S, D].</param>
    /// <param name="encoderMask">decoder: encoder padding mask [B, S] or null.</param>
    /// <param name="cache">decoder during generation: the KV cache; positions continue after cache.Length.</param>
    /// <returns>[B, T, D]</returns>
    public Tensor Forward(Tensor embeds, Tensor? attentionMask, Tensor? encoderHidden = null, Tensor? encoderMask = null, T5KvCache? cache = null)
    {
        long t = embeds.shape[1];
        long past = cache?.Length ?? 0;
        // the bias and the masks take the attention's compute dtype (the weights'), as SDPA needs them to match q
        var attention = block[0].SelfAttentionLayer.Attention;
        Tensor positionBias;
        Tensor? selfMask = null;
        if (_isDecoder && cache is not null)
        {
            positionBias = cache.SelfBias(length =>
            {
                var full = attention.ComputeBias(length, length, 0);                                  // [1, H, L, L]
                return full + _causal.Slice(length, length, embeds.device, full.dtype);
            }, t);                                                                                    // [1, H, T, past+T]
        }
        else
        {
            positionBias = attention.ComputeBias(t, past + t, past);                                  // [1, H, T, past+T]
            if (_isDecoder)
            {
                if (t > 1)
                    positionBias = positionBias + (past == 0 ? _causal.Slice(t, t, embeds.device, positionBias.dtype)
                                                             : CausalMask(t, past, positionBias.dtype, embeds.device)); // [1, H, T, past+T]
            }
            else if (attentionMask is not null)
            {
                var padding = AdditiveMask(attentionMask, positionBias.dtype);                           // [B, 1, 1, T]
                if (positionBias.requires_grad && is_grad_enabled())
                    selfMask = padding;       // training: added per layer, so no [B, H, T, T] bias (and no gradient of that size) is kept
                else
                    positionBias = positionBias + padding;                                               // [B, H, T, T]
            }
        }
        var crossMask = encoderMask is null ? null
            : cache is not null ? cache.CrossMask(() => AdditiveMask(encoderMask, positionBias.dtype))  // once per generate call
            : AdditiveMask(encoderMask, positionBias.dtype);                                         // [B, 1, 1, S]

        if (cache is null)                                      // the decoding steps are marked by the search, as a whole
            Diagnostics.StepProfiler.FineMark(_isDecoder ? "dec bias" : "enc bias");
        var x = Dropout(embeds);                                                                // [B, T, D]
        for (int i = 0; i < block.Count; i++)
        {
            var next = block[i].Forward(x, positionBias, encoderHidden, crossMask, cache, i, selfMask); // [B, T, D]
            Released.Unless(x, embeds);                                                         // the caller owns embeds
            x = next;
            if (i == 0 && cache is null)
                Diagnostics.StepProfiler.FineMark(_isDecoder ? "dec block0" : "enc block0");
        }
        cache?.Advance(t);
        var normed = final_layer_norm.forward(x);                                               // [B, T, D]
        Released.Unless(x, embeds);
        positionBias.Dispose();                                      // handles only: autograd and the cache keep their own
        selfMask?.Dispose();
        if (cache is null)
            crossMask?.Dispose();
        var output = Dropout(normed);
        Released.Unless(normed, output);
        return output;
    }

    /// <summary>Dropout only while training (no call, and no kernel, at all in evaluation and generation).</summary>
    private Tensor Dropout(Tensor x) => T5Dropout.Apply(x, _dropout, training);

    /// <summary>[B, S] keep-mask → [B, 1, 1, S] with 0 where kept and the dtype's minimum where padded (as transformers).</summary>
    public static Tensor AdditiveMask(Tensor mask, ScalarType dtype) =>
        (1.0 - mask.to(dtype)).mul(MinValue(dtype)).unsqueeze(1).unsqueeze(1);

    /// <summary>The causal mask from position 0, [1, 1, T, T], kept on the device and sliced per step.</summary>
    private readonly GrowingSquare _causal = new((length, dtype) => CausalMask(length, 0, dtype!.Value, CPU), rowDim: 2);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _causal.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>[1, 1, T, past+T]: query i (at position past+i) may not see keys after it.</summary>
    private static Tensor CausalMask(long t, long past, ScalarType dtype, Device device)
    {
        var query = arange(past, past + t, dtype: int64, device: device).unsqueeze(1);         // [T, 1]
        var key = arange(past + t, dtype: int64, device: device).unsqueeze(0);                 // [1, past+T]
        return key.gt(query).to(dtype).mul(MinValue(dtype)).unsqueeze(0).unsqueeze(0);
    }

    private static double MinValue(ScalarType dtype) => dtype switch
    {
        ScalarType.Float16 => -65504.0,
        ScalarType.BFloat16 => -3.3895313892515355e38,
        ScalarType.Float64 => double.MinValue,
        _ => float.MinValue,
    };
}
