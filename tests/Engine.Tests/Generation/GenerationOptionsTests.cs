using HfTrain.Engine.Generation;
using HfTrain.Engine.Models;
using HfTrain.Engine.Models.T5;
using HfTrain.Engine.Tests.Models;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Generation;

/// <summary>Options without a transformers fixture, checked by the property each one promises.</summary>
public sealed class GenerationOptionsTests
{
    private static long[][] Generate(string model, GenerationConfig overrides)
    {
        var reference = ReferenceFixture.Load(model, "summarization");
        using var t5 = T5ForConditionalGeneration.Load(reference.ModelDirectory);
        using var scope = NewDisposeScope();
        var generated = Seq2SeqGenerator.Generate(t5, reference.InputIds.narrow(0, 0, 4), reference.AttentionMask.narrow(0, 0, 4), overrides);
        return generated.data<long>().ToArray().Chunk((int)generated.shape[1]).ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void No_repeat_ngram_size_2_leaves_no_bigram_twice(int beams)
    {
        // tiny-gated repeats one token ("filter filter ...") without the processor
        var rows = Generate("tiny-gated", new GenerationConfig { MaxNewTokens = 12, NumBeams = beams, NoRepeatNgramSize = 2 });
        foreach (var row in rows)
        {
            var body = row.Skip(1).TakeWhile(id => id != 1).ToArray();
            var bigrams = body.Zip(body.Skip(1)).ToList();
            Assert.Equal(bigrams.Count, bigrams.Distinct().Count());
        }
    }

    [Fact]
    public void Min_length_holds_eos_back()
    {
        var free = Generate("tiny-trained", new GenerationConfig { MaxNewTokens = 24 });
        Assert.Contains(free, row => Array.IndexOf(row, 1L) is > 0 and < 18);
        var rows = Generate("tiny-trained", new GenerationConfig { MaxNewTokens = 24, MinLength = 18 });
        Assert.All(rows, row => Assert.True(Array.IndexOf(row, 1L) is -1 or >= 18));
    }

    [Fact]
    public void Beam_search_returns_the_requested_number_of_sequences_per_input()
    {
        var rows = Generate("tiny-trained", new GenerationConfig { MaxNewTokens = 10, NumBeams = 3, NumReturnSequences = 2 });
        Assert.Equal(8, rows.Length);
        Assert.All(rows, row => Assert.Equal(0L, row[0]));
        Assert.NotEqual(rows[0], rows[1]);
    }

    [Fact]
    public void Generate_calls_leave_no_live_tensors_behind()
    {
        var reference = ReferenceFixture.Load("tiny-trained", "summarization");
        using var t5 = T5ForConditionalGeneration.Load(reference.ModelDirectory);
        using var ids = reference.InputIds.narrow(0, 0, 3);
        using var mask = reference.AttentionMask.narrow(0, 0, 3);
        long? before = null;
        foreach (int beams in new[] { 1, 4, 1, 4, 1, 4 })
        {
            using (Seq2SeqGenerator.Generate(t5, ids, mask, new GenerationConfig { MaxNewTokens = 8, NumBeams = beams, NoRepeatNgramSize = 2 }))
            {
            }
            if (beams == 4)
                before ??= TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        }
        Assert.Equal(before, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Sampling_is_refused_with_the_setting_named()
    {
        var e = Assert.Throws<NotSupportedException>(() => Generate("tiny", new GenerationConfig { DoSample = true }));
        Assert.Contains("do_sample", e.Message);
    }
}
