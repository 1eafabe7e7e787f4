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
    public Tensor Forward(Tensor x, Tensor? bias, T5KvCache? cache, int layerIndex, Tensor? mask = null)    // [B, T, D]
    {
        using var normed = layer_norm.forward(x);
        using var attended = SelfAttention.Forward(normed, bias, null, cache, layerIndex, mask);
        return Residual.Add(x, attended, _dropout, training);
    }
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
    public Tensor Forward(Tensor x, Tensor encoder, Tensor? mask, T5KvCache? cache, int layerIndex)
    {
        using var normed = layer_norm.forward(x);
        using var attended = EncDecAttention.Forward(normed, mask, encoder, cache, layerIndex);
        return Residual.Add(x, attended, _dropout, training);
    }
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

    public override Tensor forward(Tensor x)                                                          // [B, T, D]
    {
        using var normed = layer_norm.forward(x);
        using var transformed = DenseReluDense.forward(normed);
        return Residual.Add(x, transformed, _dropout, training);
    }
}

/// <summary>x + dropout(sublayer output), the dropout output released at once (see <see cref="Released"/>).</summary>
internal static class Residual
{
    public static Tensor Add(Tensor x, Tensor sublayer, double p, bool training)
    {
        var dropped = T5Dropout.Apply(sublayer, p, training);
        var sum = x + dropped;
        Released.Unless(dropped, sublayer);
        return sum;
    }
}
