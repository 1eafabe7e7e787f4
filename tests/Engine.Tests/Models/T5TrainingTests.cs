using HfTrain.Engine.Models.T5;
using TorchSharp;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Models;

public sealed class T5TrainingTests
{
    [Fact]
    public void Labels_shift_right_behind_the_start_token_with_ignored_positions_as_pad()
    {
        using var labels = tensor(new long[] { 5, 6, 1, -100, 7, 8, 9, 1 }, [2, 4]);
        using var shifted = T5ForConditionalGeneration.ShiftRight(labels, decoderStartTokenId: 0, padTokenId: 0);
        Assert.Equal(new long[] { 0, 5, 6, 1, 0, 7, 8, 9 }, shifted.data<long>().ToArray());
        using var withMinus = tensor(new long[] { 5, -100, -100 }, [1, 3]);
        using var shifted2 = T5ForConditionalGeneration.ShiftRight(withMinus, decoderStartTokenId: 2, padTokenId: 3);
        Assert.Equal(new long[] { 2, 5, 3 }, shifted2.data<long>().ToArray());
    }

    /// <summary>transformers' LabelSmoother: (1-ε)·mean nll + ε·mean over tokens and vocabulary of -log p, -100 ignored.</summary>
    [Fact]
    public void Label_smoothed_loss_equals_transformers_label_smoother()
    {
        var reference = ReferenceFixture.Load("tiny", "summarization");
        using var model = T5ForConditionalGeneration.Load(reference.ModelDirectory);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        const double eps = 0.1;

        var output = model.Forward(reference.InputIds, reference.AttentionMask, reference.Labels, labelSmoothing: eps);

        var logProbs = -output.Logits.to(float64).log_softmax(-1);                            // [B, T, V]
        var labels = reference.Labels;
        var padding = labels.eq(-100).unsqueeze(-1);                                          // [B, T, 1]
        var nll = logProbs.gather(-1, labels.clamp_min(0).unsqueeze(-1)).masked_fill(padding, 0);
        var smoothed = logProbs.sum(-1, keepdim: true).masked_fill(padding, 0);
        double active = labels.ne(-100).sum().item<long>();
        double expected = (1 - eps) * nll.sum().item<double>() / active
                          + eps * smoothed.sum().item<double>() / (active * logProbs.shape[^1]);
        Assert.Equal(expected, output.Loss!.item<float>(), 1e-5 * expected);
        Assert.NotEqual(reference.Loss, expected, 1e-3);
    }

    /// <summary>Style rule 5: the live-tensor count stays flat over many train steps.</summary>
    [Fact]
    public void Live_tensor_count_stays_flat_over_100_forward_backward_steps()
    {
        var reference = ReferenceFixture.Load("tiny-gated", "summarization");
        using var model = T5ForConditionalGeneration.Load(reference.ModelDirectory);
        model.train();
        using var inputs = reference.InputIds.narrow(0, 0, 2);
        using var mask = reference.AttentionMask.narrow(0, 0, 2);
        using var labels = reference.Labels.narrow(0, 0, 2);
        long? afterWarmup = null;
        for (int step = 0; step < 100; step++)
        {
            using (var scope = NewDisposeScope())
            {
                model.zero_grad();
                var loss = model.Forward(inputs, mask, labels, labelSmoothing: 0.1).Loss!;
                loss.backward();
            }
            if (step == 4)
                afterWarmup = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        }
        Assert.Equal(afterWarmup, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.All(model.parameters(), p => Assert.NotNull(p.grad));
    }

    [Fact]
    public void Dropout_is_active_in_train_mode_only()
    {
        var config = T5Config.Load(Path.Combine(ReferenceFixture.Dir("tiny"), "config.json")) with { DropoutRate = 0.5 };
        manual_seed(1);
        using var model = new T5ForConditionalGeneration(config);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var ids = tensor(new long[] { 5, 6, 7, 1 }, [1, 4]);
        var labels = tensor(new long[] { 8, 9, 1 }, [1, 3]);
        model.eval();
        var a = model.Forward(ids, null, labels).Logits;
        var b = model.Forward(ids, null, labels).Logits;
        model.train();
        var c = model.Forward(ids, null, labels).Logits;
        Assert.True(a.eq(b).all().item<bool>());
        Assert.False(a.allclose(c));
    }

    [Fact]
    public void From_scratch_init_follows_transformers_standard_deviations()
    {
        var config = T5Presets.Get("t5-small", 1000);
        manual_seed(0);
        using var model = new T5ForConditionalGeneration(config);
        using var scope = NewDisposeScope();
        var state = model.StateDict();
        void Std(string key, double expected) =>
            Assert.Equal(expected, state[key].std().item<float>(), 0.05 * expected);
        Std("shared.weight", 1.0);
        Std("encoder.block.0.layer.0.SelfAttention.q.weight", Math.Pow(512 * 64, -0.5));
        Std("encoder.block.0.layer.0.SelfAttention.k.weight", Math.Pow(512, -0.5));
        Std("decoder.block.1.layer.1.EncDecAttention.o.weight", Math.Pow(8 * 64, -0.5));
        Std("decoder.block.0.layer.2.DenseReluDense.wo.weight", Math.Pow(2048, -0.5));
        Assert.Equal(1.0, state["decoder.final_layer_norm.weight"].mean().item<float>());
    }
}
