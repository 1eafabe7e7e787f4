using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HfTrain.Engine.Models.T5;

/// <summary>
/// One T5 layer (modeling_t5.py T5Block). Its sublayers sit in a list named "layer" so parameter names match
/// Hugging Face: layer.0 self-attention, layer.1 cross-attention (decoder only), last the feed-forward.
/// </summary>
public sealed class T5Block : nn.Module
{
    private readonly T5LayerSelfAttention _self;
    private readonly T5LayerCrossAttention? _cross;
    private readonly T5LayerFF _ff;

    public T5Block(T5Config config, bool hasRelativeAttentionBias, bool isDecoder) : base(nameof(T5Block))
    {
        _self = new T5LayerSelfAttention(config, hasRelativeAttentionBias, isDecoder);
        _cross = isDecoder ? new T5LayerCrossAttention(config) : null;
        _ff = new T5LayerFF(config);
        var layer = new ModuleList<nn.Module>();
        layer.Add(_self);
        if (_cross is not null)
            layer.Add(_cross);
        layer.Add(_ff);
        // registered by hand: the typed fields above must not appear a second time under their own names
        register_module("layer", layer);
    }

    public T5LayerSelfAttention SelfAttentionLayer => _self;
    public T5LayerCrossAttention? CrossAttentionLayer => _cross;
    public T5LayerFF FeedForwardLayer => _ff;

    /// <param name="x">[B, T, D]</param>
    /// <param name="selfBias">position bias + causal/padding mask, broadcastable to [B, H, T, T_keys].</param>
    /// <param name="encoder">encoder output [B, S, D] (decoder blocks only).</param>
    /// <param name="crossMask">[B, 1, 1, S] additive encoder padding mask, or null.</param>
    public Tensor Forward(Tensor x, Tensor selfBias, Tensor? encoder, Tensor? crossMask, T5KvCache? cache, int layerIndex, Tensor? selfMask = null)
    {
        using var attended = _self.Forward(x, selfBias, cache, layerIndex, selfMask); // [B, T, D]
        if (_cross is null)
            return _ff.forward(attended);                                           // [B, T, D]
        using var crossed = _cross.Forward(attended, encoder!, crossMask, cache, layerIndex); // [B, T, D]
        return _ff.forward(crossed);                                                // [B, T, D]
    }
}
