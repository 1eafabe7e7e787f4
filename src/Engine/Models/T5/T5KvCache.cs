using static TorchSharp.torch;

namespace HfTrain.Engine.Models.T5;

/// <summary>
/// The decoder's key/value cache for one generate call: self-attention keys/values preallocated to the longest
/// sequence and filled step by step, cross-attention keys/values computed once from the encoder output.
/// Owns its tensors (detached from dispose scopes); dispose it when the call ends.
/// </summary>
public sealed class T5KvCache : IDecoderCache
{
    private readonly Tensor?[] _selfK, _selfV, _crossK, _crossV;
    private Tensor? _self;                                                           // [2·layers, B, H, capacity, dk]: all self-attention keys and values
    private readonly long _capacity;
    private Tensor? _selfBias;                                                       // [1, H, capacity, capacity]
    private Tensor? _crossMask;                                                      // [B, 1, 1, S]

    public T5KvCache(int layers, long capacity)
    {
        _selfK = new Tensor?[layers];
        _selfV = new Tensor?[layers];
        _crossK = new Tensor?[layers];
        _crossV = new Tensor?[layers];
        _capacity = capacity;
    }

    /// <summary>Decoder positions already cached (the next query's position).</summary>
    public long Length { get; private set; }

    /// <summary>Writes this step's keys/values [B, H, T, dk] after the cached ones; returns views over all of them.</summary>
    public (Tensor Key, Tensor Value) AppendSelf(int layer, Tensor key, Tensor value)
    {
        long t = key.shape[2];
        if (Length + t > _capacity)
            throw new InvalidOperationException($"KV cache holds {_capacity} positions; step would reach {Length + t}.");
        if (_self is null)
            AllocateSelf(key);
        var kc = _selfK[layer]!;
        var vc = _selfV[layer]!;
        if (Length == 0 && !kc.shape.SequenceEqual(key.shape.Select((size, dim) => dim == 2 ? _capacity : size)))  // shapes are fixed for the call
            throw new InvalidOperationException($"Decoder layer {layer}'s keys {string.Join('x', key.shape)} do not match layer 0's cache {string.Join('x', kc.shape)}: the cache needs one shape for all layers.");
        kc.narrow(2, Length, t).copy_(key);
        vc.narrow(2, Length, t).copy_(value);
        return (kc.narrow(2, 0, Length + t), vc.narrow(2, 0, Length + t));          // [B, H, past + T, dk]
    }

    /// <summary>Cross-attention keys/values of <paramref name="layer"/>, computed on first use.</summary>
    public (Tensor Key, Tensor Value) Cross(int layer, Func<(Tensor Key, Tensor Value)> compute)
    {
        if (_crossK[layer] is null)
        {
            var (key, value) = compute();
            _crossK[layer] = key.contiguous().DetachFromDisposeScope();
            _crossV[layer] = value.contiguous().DetachFromDisposeScope();
            key.Dispose();                                                          // the cache keeps its own handles
            value.Dispose();
        }
        return (_crossK[layer]!, _crossV[layer]!);
    }

    /// <summary>
    /// The decoder's position bias plus causal mask for the <paramref name="t"/> new positions: a slice
    /// [1, H, T, past + T] of the whole [capacity × capacity] bias, computed once per generate call by
    /// <paramref name="compute"/> (instead of ≈ 25 small kernels at every decoding step).
    /// </summary>
    public Tensor SelfBias(Func<long, Tensor> compute, long t)
    {
        _selfBias ??= compute(_capacity).contiguous().DetachFromDisposeScope();
        return _selfBias.narrow(2, Length, t).narrow(3, 0, Length + t);
    }

    /// <summary>A per-call copy of a weight of <paramref name="owner"/> (e.g. q's, pre-scaled), made on first use.</summary>
    public Tensor Weight(object owner, Func<Tensor> compute)
    {
        if (!_weights.TryGetValue(owner, out var weight))
            _weights[owner] = weight = compute().DetachFromDisposeScope();
        return weight;
    }

    private readonly Dictionary<object, Tensor> _weights = new(ReferenceEqualityComparer.Instance);

    /// <summary>The cross-attention padding mask [B, 1, 1, S], computed on first use (it depends only on the encoder input).</summary>
    public Tensor CrossMask(Func<Tensor> compute) => _crossMask ??= compute().DetachFromDisposeScope();

    /// <summary>Called by the decoder stack after all layers ran on <paramref name="steps"/> new positions.</summary>
    public void Advance(long steps) => Length += steps;

    /// <summary>Beam search: row i of every self-attention cache becomes old row beamIndex[i] (int64 [B*beams]):
    /// one gather and one copy over all layers' cached positions.</summary>
    public void Reorder(Tensor beamIndex)
    {
        if (_self is null || Length == 0)
            return;
        using var cached = _self.narrow(3, 0, Length);                              // [2·layers, B, H, Length, dk]
        using var picked = cached.index_select(1, beamIndex);
        cached.copy_(picked);
    }

    /// <summary>One block for every layer's self-attention keys and values (T5's layers share a shape), each layer's
    /// cache a view of it, so that beam search reorders all of them with one gather.</summary>
    private void AllocateSelf(Tensor like)
    {
        int layers = _selfK.Length;
        _self = zeros([2 * layers, like.shape[0], like.shape[1], _capacity, like.shape[3]], like.dtype, like.device).DetachFromDisposeScope();
        for (int layer = 0; layer < layers; layer++)
        {
            _selfK[layer] = _self.select(0, 2 * layer).DetachFromDisposeScope();
            _selfV[layer] = _self.select(0, 2 * layer + 1).DetachFromDisposeScope();
        }
    }

    public void Dispose()
    {
        foreach (var tensor in _selfK.Concat(_selfV).Concat(_crossK).Concat(_crossV))
            tensor?.Dispose();
        _self?.Dispose();
        _selfBias?.Dispose();
        _crossMask?.Dispose();
        foreach (var weight in _weights.Values)
            weight.Dispose();
    }
}
