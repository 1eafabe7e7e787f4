using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace HfTrain.Engine.Models.T5;

/// <summary>Pre-norm residual self-attention (modeling_t5.py T5LayerSelfAttention): x + dropout(attn(norm(x))).</summary>
public sealed class T5LayerSelfAttention : nn.Module
{
    private readonly T5Attention SelfAttention;
    private readonly T5LayerNorm layer_norm;
    private readonly double _dropout;

    public T5LayerSelfAttention(T5Config config, bool hasRelativeAttentionBias, bool isDecoder) : base(nameof(T5LayerSelfAttention))
    {
        SelfAttention = new T5Attention(config, hasRelativeAttentionBias, isDecoder);
        layer_norm = new T5LayerNorm(config.DModel, config.LayerNormEpsilon);
        _dropout = config.DropoutRate;
        RegisterComponents();
    }

    public T5Attention Attention => SelfAttention;
    public T5LayerNorm LayerNorm => layer_norm;

    /// <param name="mask">an additive padding mask [B, 1, 1, T] kept apart from <paramref name="bias"/> (training), or null.</param>
    public Tensor Forward(Tensor x, Tensor? bias, T5KvCache? cache, int layerIndex, Tensor? mask = null) =>   // [B, T, D]
        x + T5Dropout.Apply(SelfAttention.Forward(layer_norm.forward(x), bias, null, cache, layerIndex, mask), _dropout, training);
}

/// <summary>Pre-norm residual cross-attention over the encoder output (T5LayerCrossAttention).</summary>
public sealed class T5LayerCrossAttention : nn.Module
{
    private readonly T5Attention EncDecAttention;
    private readonly T5LayerNorm layer_norm;
    private readonly double _dropout;

    public T5LayerCrossAttention(T5Config config) : base(nameof(T5LayerCrossAttention))
    {
        EncDecAttention = new T5Attention(config, hasRelativeAttentionBias: false, isDecoder: true);
        layer_norm = new T5LayerNorm(config.DModel, config.LayerNormEpsilon);
        _dropout = config.DropoutRate;
        RegisterComponents();
    }

    public T5Attention Attention => EncDecAttention;
    public T5LayerNorm LayerNorm => layer_norm;

    /// <param name="x">[B, T, D]</param><param name="encoder">[B, S, D]</param><param name="mask">[B, 1, 1, S] additive or null.</param>
    public Tensor Forward(Tensor x, Tensor encoder, Tensor? mask, T5KvCache? cache, int layerIndex) =>
        x + T5Dropout.Apply(EncDecAttention.Forward(layer_norm.forward(x), mask, encoder, cache, layerIndex), _dropout, training);
}

/// <summary>Pre-norm residual feed-forward (T5LayerFF): x + dropout(DenseReluDense(norm(x))).</summary>
public sealed class T5LayerFF : nn.Module<Tensor, Tensor>
{
    private readonly T5FeedForward DenseReluDense;
    private readonly T5LayerNorm layer_norm;
    private readonly double _dropout;

    public T5LayerFF(T5Config config) : base(nameof(T5LayerFF))
    {
        DenseReluDense = new T5FeedForward(config);
        layer_norm = new T5LayerNorm(config.DModel, config.LayerNormEpsilon);
        _dropout = config.DropoutRate;
        RegisterComponents();
    }

    public T5FeedForward FeedForward => DenseReluDense;
    public T5LayerNorm LayerNorm => layer_norm;

    public override Tensor forward(Tensor x) =>                                                        // [B, T, D]
        x + T5Dropout.Apply(DenseReluDense.forward(layer_norm.forward(x)), _dropout, training);
}
