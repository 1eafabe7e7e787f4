using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace HfTrain.Engine.Models.T5;

/// <summary>
/// Multi-head attention of T5 (modeling_t5.py T5Attention): no biases on q/k/v/o, no 1/sqrt(d_kv) scaling of the
/// scores, and an additive relative-position bias that only the first layer of each stack owns.
/// </summary>
public sealed class T5Attention : nn.Module
{
    private readonly Linear q, k, v, o;
    private readonly Embedding? relative_attention_bias;
    private readonly int _heads, _dKv, _numBuckets, _maxDistance;
    private readonly bool _bidirectional;
    private readonly double _dropout;
    // SDPA always divides q·k by sqrt(d_kv) and TorchSharp 0.107 has no `scale` argument; T5 must not scale,
    // so q is multiplied by sqrt(d_kv) first (exact for d_kv = 16, 64; within one ulp otherwise).
    private readonly double _qScale;
    private readonly bool _qScaleIsPowerOfTwo;          // then scaling q's weight instead of q is exact

    public T5Attention(T5Config config, bool hasRelativeAttentionBias, bool isDecoder) : base(nameof(T5Attention))
    {
        _heads = config.NumHeads;
        _dKv = config.DKv;
        _numBuckets = config.RelativeAttentionNumBuckets;
        _maxDistance = config.RelativeAttentionMaxDistance;
        _bidirectional = !isDecoder;
        _dropout = config.DropoutRate;
        _qScale = Math.Sqrt(config.DKv);
        _qScaleIsPowerOfTwo = Math.ScaleB(1.0, Math.ILogB(_qScale)) == _qScale;
        q = nn.Linear(config.DModel, config.InnerDim, hasBias: false);
        k = nn.Linear(config.DModel, config.InnerDim, hasBias: false);
        v = nn.Linear(config.DModel, config.InnerDim, hasBias: false);
        o = nn.Linear(config.InnerDim, config.DModel, hasBias: false);
        if (hasRelativeAttentionBias)
            relative_attention_bias = nn.Embedding(config.RelativeAttentionNumBuckets, config.NumHeads);
        _buckets = new GrowingSquare((length, _) => RelativePositionBuckets.Square(length, _bidirectional, _numBuckets, _maxDistance), rowDim: 0);
        RegisterComponents();
    }

    public Linear Q => q;
    public Linear K => k;
    public Linear V => v;
    public Linear O => o;
    public Embedding? RelativeAttentionBias => relative_attention_bias;

    /// <summary>
    /// The position bias for queries at [queryOffset, queryOffset + queryLength) over keys [0, keyLength)
    /// (compute_bias with cache_position = the offset range): [1, H, Tq, Tk].
    /// </summary>
    public Tensor ComputeBias(long queryLength, long keyLength, long queryOffset)
    {
        if (relative_attention_bias is null)
            throw new InvalidOperationException("Only the first layer of a T5 stack owns relative_attention_bias.");
        var device = relative_attention_bias.weight!.device;
        var buckets = queryOffset == 0
            ? _buckets.Slice(queryLength, keyLength, device)
            : RelativePositionBuckets.ForLengths(queryLength, keyLength, queryOffset, _bidirectional, _numBuckets, _maxDistance, device); // [Tq, Tk]
        return relative_attention_bias.forward(buckets).permute(2, 0, 1).unsqueeze(0); // [1, H, Tq, Tk]
    }

    /// <summary>Bucket ids from position 0 (queries and keys), kept on the device and sliced per step.</summary>
    private readonly GrowingSquare _buckets;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _buckets.Dispose();
        base.Dispose(disposing);
    }

    /// <param name="x">queries' hidden states [B, T, D] (already layer-normed).</param>
    /// <param name="bias">additive attention bias (position bias + mask), broadcastable to [B, H, T, S], or null.</param>
    /// <param name="keyValueStates">encoder output [B, S, D] for cross-attention; null for self-attention.</param>
    /// <param name="cache">decoder KV cache during generation, else null.</param>
    /// <param name="layerIndex">this block's index in its stack (the cache slot).</param>
    /// <returns>[B, T, D]</returns>
    /// <param name="mask">an additive padding mask broadcastable to [B, H, T, S], added after <paramref name="bias"/>
    /// (the encoder keeps them apart in training), or null.</param>
    public Tensor Forward(Tensor x, Tensor? bias, Tensor? keyValueStates = null, T5KvCache? cache = null, int layerIndex = 0, Tensor? mask = null)
    {
        long b = x.shape[0], t = x.shape[1];
        if (cache is not null && t == 1 && !is_grad_enabled())
            return DecodeStep(x, bias, keyValueStates, cache, layerIndex, b);
        // intermediates are disposed after their last use (see Released); cached keys/values belong to the cache
        using var query = Project(q, x, b);                                         // [B, H, T, dk]
        Tensor key, value;
        bool ownKeys = true;
        if (keyValueStates is null)
        {
            key = Project(k, x, b);                                                 // [B, H, T, dk]
            value = Project(v, x, b);
            if (cache is not null)
            {
                using var newKey = key;
                using var newValue = value;
                (key, value) = cache.AppendSelf(layerIndex, newKey, newValue);      // [B, H, past + T, dk]
            }
        }
        else if (cache is not null)
        {
            // cross-attention keys/values depend only on the encoder output: computed once per generate call
            (key, value) = cache.Cross(layerIndex, () => (Project(k, keyValueStates, b), Project(v, keyValueStates, b)));
            ownKeys = false;
        }
        else
        {
            key = Project(k, keyValueStates, b);                                    // [B, H, S, dk]
            value = Project(v, keyValueStates, b);
        }
        Tensor y;
        if (bias is not null && bias.requires_grad && is_grad_enabled())
        {
            y = Eager(query, key, value, bias, mask);
        }
        else
        {
            using var scaled = query * _qScale;
            using var combined = mask is not null && bias is not null ? bias + mask : null;
            y = F.scaled_dot_product_attention(scaled, key, value, combined ?? mask ?? bias, p: training ? _dropout : 0.0); // [B, H, T, dk]
        }
        if (ownKeys)
        {
            key.Dispose();
            value.Dispose();
        }
        using (y)
        using (var heads = y.transpose(1, 2))
        using (var merged = heads.reshape(b, t, _heads * _dKv))                     // [B, T, H*dk]
            return o.forward(merged);                                               // [B, T, D]
    }

    /// <summary>
    /// One generation step (a single new position, no gradient), with as few host calls as the math allows — this
    /// loop is bound by the host issuing kernels: [B, 1, H·dk] is [B, H, 1, dk] in memory, so heads are one view
    /// each way, and the sqrt(d_kv) that SDPA divides by is folded into a copy of q's weight made once per generate
    /// call when it is a power of two (then exactly the same products).
    /// </summary>
    private Tensor DecodeStep(Tensor x, Tensor? bias, Tensor? keyValueStates, T5KvCache cache, int layerIndex, long b)
    {
        var query = _qScaleIsPowerOfTwo
            ? F.linear(x, cache.Weight(this, () => q.weight! * _qScale)).view(b, _heads, 1, _dKv)  // [B, H, 1, dk], pre-scaled
            : q.forward(x).view(b, _heads, 1, _dKv) * _qScale;
        Tensor key, value;
        if (keyValueStates is null)
        {
            (key, value) = cache.AppendSelf(layerIndex, k.forward(x).view(b, _heads, 1, _dKv), v.forward(x).view(b, _heads, 1, _dKv));
        }
        else
        {
            (key, value) = cache.Cross(layerIndex, () => (Heads(k.forward(keyValueStates), b), Heads(v.forward(keyValueStates), b)));
        }
        var y = F.scaled_dot_product_attention(query, key, value, bias);            // [B, H, 1, dk]
        return o.forward(y.reshape(b, 1, _heads * _dKv));                           // [B, 1, D]
    }

    /// <summary>
    /// Attention written out (as transformers' eager T5): used when the position bias needs a gradient, because SDPA
    /// then leaves its fused kernels for its math path, which measured 1.6× slower on an H200 (docs/PERFORMANCE.md).
    /// The softmax reads and writes the compute dtype and accumulates in float32 — transformers computes it in
    /// float32 and rounds the result to the compute dtype, the same values.
    /// </summary>
    private Tensor Eager(Tensor query, Tensor key, Tensor value, Tensor bias, Tensor? mask)
    {
        using var keysT = key.transpose(-2, -1);
        using var scores = query.matmul(keysT);                                     // [B, H, T, S], not scaled (T5)
        scores.add_(bias);                                                          // in-place ops return the same handle
        if (mask is not null)
            scores.add_(mask);
        using var weights = scores.softmax(-1);
        var dropped = T5Dropout.Apply(weights, _dropout, training);
        var y = dropped.matmul(value);                                              // [B, H, T, dk]
        Released.Unless(dropped, weights);
        return y;
    }

    private Tensor Heads(Tensor projected, long b)                                  // [B, T, H*dk] -> [B, H, T, dk]
    {
        using var split = projected.view(b, -1, _heads, _dKv);
        return split.transpose(1, 2);
    }

    /// <summary>A projection split into heads, [B, H, T, dk]; the only handle left is the returned view.</summary>
    private Tensor Project(Linear projection, Tensor x, long b)
    {
        using var projected = projection.forward(x);
        return Heads(projected, b);
    }
}
