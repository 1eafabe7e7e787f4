using HfTrain.Engine.Models.T5;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Models;

/// <summary>Forward pass against transformers 5.17 (float32, CPU, eval) on the fixtures' own batches.</summary>
public sealed class T5ParityTests
{
    [Theory]
    [MemberData(nameof(ReferenceFixture.Cases), MemberType = typeof(ReferenceFixture))]
    public void Loss_logits_and_encoder_output_match_transformers(string model, string task)
    {
        var reference = ReferenceFixture.Load(model, task);
        using var t5 = T5ForConditionalGeneration.Load(reference.ModelDirectory);
        using var scope = NewDisposeScope();
        using var _ = no_grad();

        var output = t5.Forward(reference.InputIds, reference.AttentionMask, reference.Labels);
        var encoded = t5.Encode(reference.InputIds, reference.AttentionMask);

        Assert.Equal(reference.LogitsShape, output.Logits.shape);
        double loss = output.Loss!.to(float64).item<double>();
        Assert.True(Math.Abs(loss - reference.Loss) <= 1e-5 * Math.Abs(reference.Loss), $"loss {loss} vs {reference.Loss}");
        var first = output.Logits[0, TensorIndex.Slice(0, 3), TensorIndex.Slice(0, 10)].to(float64).data<double>().ToArray();
        var expected = reference.LogitsFirst.SelectMany(r => r).ToArray();
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(first[i] - expected[i]) <= 1e-4, $"logits_first[{i}] {first[i]} vs {expected[i]}");
        var logits64 = output.Logits.to(float64);
        AssertRelative(reference.LogitsSum, logits64.sum().item<double>(), 1e-4 * reference.LogitsAbsSum, "logits_sum");
        AssertRelative(reference.LogitsAbsSum, logits64.abs().sum().item<double>(), 1e-5 * reference.LogitsAbsSum, "logits_abs_sum");
        AssertRelative(reference.EncoderAbsSum, encoded.to(float64).abs().sum().item<double>(), 1e-5 * reference.EncoderAbsSum, "encoder abs sum");
    }

    private static void AssertRelative(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: {actual} vs {expected} (tolerance {tolerance})");
}
