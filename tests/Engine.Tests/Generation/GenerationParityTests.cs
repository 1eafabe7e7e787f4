using HfTrain.Engine.Generation;
using HfTrain.Engine.Models;
using HfTrain.Engine.Models.T5;
using HfTrain.Engine.Tests.Models;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Generation;

/// <summary>Greedy and 4-beam outputs against transformers 5.17 generate(), token for token.</summary>
public sealed class GenerationParityTests
{
    [Theory]
    [MemberData(nameof(ReferenceFixture.Cases), MemberType = typeof(ReferenceFixture))]
    public void Greedy_ids_equal_transformers(string model, string task) => AssertGenerates(model, task, beams: 1);

    [Theory]
    [MemberData(nameof(ReferenceFixture.Cases), MemberType = typeof(ReferenceFixture))]
    public void Beam4_ids_equal_transformers(string model, string task) => AssertGenerates(model, task, beams: 4);

    private static void AssertGenerates(string model, string task, int beams)
    {
        var reference = ReferenceFixture.Load(model, task);
        using var t5 = T5ForConditionalGeneration.Load(reference.ModelDirectory);
        var config = GenerationConfig.Load(Path.Combine(reference.ModelDirectory, "generation_config.json"), t5.Tokens)
            with { NumBeams = beams, MaxNewTokens = reference.MaxNewTokens };
        using var scope = NewDisposeScope();

        var generated = Seq2SeqGenerator.Generate(t5, reference.InputIds, reference.AttentionMask, config);

        var expected = beams == 1 ? reference.Greedy : reference.Beam4;
        Assert.Equal([expected.Length, expected[0].Length], generated.shape);
        var actual = generated.data<long>().ToArray().Chunk(expected[0].Length).ToArray();
        for (int row = 0; row < expected.Length; row++)
            Assert.Equal(expected[row], actual[row]);
    }
}
