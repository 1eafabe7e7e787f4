using HfTrain.Engine.Models.T5;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Models;

public sealed class T5AttentionTests
{
    /// <summary>
    /// Both attention paths must equal modeling_t5.py's eager attention (softmax(q·kᵀ + bias)·v, no scaling): the one
    /// used when the bias needs a gradient (training), in values and gradients, the relative-attention-bias gradient
    /// included; and SDPA with q pre-multiplied by sqrt(d_kv), used without gradients (evaluation, generation).
    /// </summary>
    [Fact]
    public void Attention_matches_the_unscaled_eager_reference_in_values_and_gradients()
    {
        var config = T5Config.Load(Path.Combine(ReferenceFixture.Dir("tiny-gated"), "config.json")); // d_kv 32: inexact sqrt
        manual_seed(3);
        using var attention = new T5Attention(config, hasRelativeAttentionBias: true, isDecoder: false);
        using var scope = NewDisposeScope();
        var x = randn(2, 7, config.DModel);                                                  // [B, T, D]
        var keep = tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0 }, [2, 7]);
        var bias = attention.ComputeBias(7, 7, 0) + T5Stack.AdditiveMask(keep, float32);    // [B, H, T, T]

        var fast = attention.Forward(x, bias);
        var fastGrads = Gradients(attention, fast);

        var reference = Eager(attention, x, attention.ComputeBias(7, 7, 0) + T5Stack.AdditiveMask(keep, float32), config);
        var referenceGrads = Gradients(attention, reference);

        Assert.True(fast.allclose(reference, rtol: 1e-5, atol: 1e-5), $"max diff {(fast - reference).abs().max().item<float>()}");
        foreach (var (name, grad) in referenceGrads)
            Assert.True(fastGrads[name].allclose(grad, rtol: 1e-4, atol: 1e-5), $"{name}: max diff {(fastGrads[name] - grad).abs().max().item<float>()}");
        Assert.True(referenceGrads["relative_attention_bias.weight"].abs().sum().item<float>() > 0);

        // training keeps the padding mask apart from the position bias (no [B, H, T, T] tensor): same values and gradients
        var apart = attention.Forward(x, attention.ComputeBias(7, 7, 0), mask: T5Stack.AdditiveMask(keep, float32));
        var apartGrads = Gradients(attention, apart);
        Assert.True(apart.allclose(reference, rtol: 1e-6, atol: 1e-6));
        foreach (var (name, grad) in referenceGrads)
            Assert.True(apartGrads[name].allclose(grad, rtol: 1e-4, atol: 1e-5), $"apart {name}: max diff {(apartGrads[name] - grad).abs().max().item<float>()}");

        using (no_grad())
        {
            var sdpa = attention.Forward(x, attention.ComputeBias(7, 7, 0) + T5Stack.AdditiveMask(keep, float32));
            Assert.True(sdpa.allclose(reference, rtol: 1e-5, atol: 1e-5), $"SDPA: max diff {(sdpa - reference).abs().max().item<float>()}");
        }
    }

    /// <summary>The bucket ids kept on the device and grown on demand give the same bias as computing them afresh.</summary>
    [Fact]
    public void Position_bias_from_the_kept_buckets_equals_a_fresh_computation_as_lengths_grow_and_shrink()
    {
        var config = T5Config.Load(Path.Combine(ReferenceFixture.Dir("tiny"), "config.json"));
        manual_seed(4);
        foreach (bool decoder in new[] { false, true })
        {
            using var attention = new T5Attention(config, hasRelativeAttentionBias: true, isDecoder: decoder);
            foreach (var (q, k) in new (long, long)[] { (3, 3), (9, 9), (5, 7), (200, 200), (1, 40), (16, 16) })
            {
                using var scope = NewDisposeScope();
                var kept = attention.ComputeBias(q, k, 0);
                var buckets = RelativePositionBuckets.ForLengths(q, k, 0, !decoder, config.RelativeAttentionNumBuckets, config.RelativeAttentionMaxDistance, CPU);
                var fresh = attention.RelativeAttentionBias!.forward(buckets).permute(2, 0, 1).unsqueeze(0);
                Assert.Equal(fresh.shape, kept.shape);
                Assert.True(kept.eq(fresh).all().item<bool>(), $"decoder={decoder} q={q} k={k}");
            }
        }
    }

    private static Tensor Eager(T5Attention a, Tensor x, Tensor bias, T5Config c)
    {
        Tensor Heads(Tensor t) => t.view(2, -1, c.NumHeads, c.DKv).transpose(1, 2);          // [B, H, T, dk]
        var q = Heads(a.Q.forward(x));
        var k = Heads(a.K.forward(x));
        var v = Heads(a.V.forward(x));
        var scores = q.matmul(k.transpose(2, 3)) + bias;                                     // [B, H, T, T]
        var y = scores.softmax(-1).matmul(v).transpose(1, 2).reshape(2, -1, c.InnerDim);    // [B, T, H*dk]
        return a.O.forward(y);
    }

    private static Dictionary<string, Tensor> Gradients(T5Attention a, Tensor output)
    {
        a.zero_grad();
        output.pow(2).sum().backward();
        return a.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone());
    }

    [Theory]
    [InlineData(1, true, 32, 128)]
    [InlineData(7, false, 32, 128)]
    [InlineData(300, true, 32, 128)]
    [InlineData(300, false, 32, 128)]
    [InlineData(513, true, 16, 40)]
    public void The_bucket_square_laid_out_from_relative_positions_equals_the_tensor_computation(long length, bool bidirectional, int numBuckets, int maxDistance)
    {
        using var scope = NewDisposeScope();
        var expected = RelativePositionBuckets.ForLengths(length, length, 0, bidirectional, numBuckets, maxDistance, CPU);
        var square = RelativePositionBuckets.Square(length, bidirectional, numBuckets, maxDistance);
        Assert.Equal(expected.shape, square.shape);
        Assert.Equal(expected.data<long>().ToArray(), square.data<long>().ToArray());
    }

    [Theory]
    [InlineData(-1, true, 1)]
    [InlineData(1, true, 17)]
    [InlineData(-8, true, 8)]
    [InlineData(-12, true, 9)]
    [InlineData(-128, true, 15)]
    [InlineData(500, true, 31)]
    [InlineData(3, false, 0)]
    [InlineData(-3, false, 3)]
    [InlineData(-16, false, 16)]
    [InlineData(-1000, false, 31)]
    public void Relative_positions_fall_in_t5_buckets(long relative, bool bidirectional, long bucket)
    {
        using var position = tensor(new[] { relative });
        using var buckets = RelativePositionBuckets.Compute(position, bidirectional, 32, 128);
        Assert.Equal(bucket, buckets[0].item<long>());
    }
}
