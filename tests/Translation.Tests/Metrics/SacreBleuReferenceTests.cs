using System.Text.Json;
using HfTrain.Plugins.Translation.Metrics;

namespace HfTrain.Plugins.Translation.Tests.Metrics;

/// <summary>Against tests/Fixtures/metrics/sacrebleu_reference.json, made by sacrebleu 2.6.0 with
/// tools/metrics-reference/make_reference.py.</summary>
public sealed class SacreBleuReferenceTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "metrics", "sacrebleu_reference.json"))).RootElement;

    private static List<string> Strings(JsonElement e, string name) =>
        e.GetProperty(name).EnumerateArray().Select(x => x.GetString()!).ToList();

    public static TheoryData<int> Corpora() => [0, 1];

    [Theory]
    [MemberData(nameof(Corpora))]
    public void Corpus_bleu_and_chrf_match_sacrebleu(int index)
    {
        var corpus = Reference.GetProperty("corpora")[index];
        var hyps = Strings(corpus, "hypotheses");
        var refs = Strings(corpus, "references");
        Assert.Equal(corpus.GetProperty("bleu").GetDouble(), SacreBleu.CorpusScore(hyps, refs), 1e-6);
        Assert.Equal(corpus.GetProperty("bleu_effective_order").GetDouble(), SacreBleu.CorpusScore(hyps, refs, effectiveOrder: true), 1e-6);
        Assert.Equal(corpus.GetProperty("chrf").GetDouble(), ChrF.CorpusScore(hyps, refs), 1e-6);
    }

    [Fact]
    public void Corpus_score_is_between_0_and_100_exclusive()
    {
        var corpus = Reference.GetProperty("corpora")[0];
        var bleu = corpus.GetProperty("bleu").GetDouble();
        Assert.InRange(bleu, 1, 99);
        Assert.Equal(300, Strings(corpus, "hypotheses").Count);
    }

    [Fact]
    public void Every_segment_matches_tokenization_bleu_sentence_bleu_and_chrf()
    {
        var segments = Reference.GetProperty("segments").EnumerateArray().ToList();
        Assert.True(segments.Count > 50);
        foreach (var s in segments)
        {
            var hyp = s.GetProperty("hypothesis").GetString()!;
            var @ref = s.GetProperty("reference").GetString()!;
            var where = $"hypothesis '{hyp}' vs reference '{@ref}'";
            Assert.Equal(s.GetProperty("tok13a_hypothesis").GetString(), Tokenizer13a.Tokenize(hyp));
            Assert.True(Math.Abs(s.GetProperty("corpus_bleu").GetDouble() - SacreBleu.CorpusScore([hyp], [@ref])) < 1e-6, $"BLEU of {where}");
            Assert.True(Math.Abs(s.GetProperty("sentence_bleu").GetDouble() - SacreBleu.SentenceScore(hyp, @ref)) < 1e-6, $"sentence BLEU of {where}");
            Assert.True(Math.Abs(s.GetProperty("chrf").GetDouble() - ChrF.SentenceScore(hyp, @ref)) < 1e-6, $"chrF of {where}");
        }
    }

    [Fact]
    public void Reference_tokenization_matches_13a_after_python_rstrip()
    {
        foreach (var s in Reference.GetProperty("segments").EnumerateArray())
        {
            var @ref = s.GetProperty("reference").GetString()!;
            Assert.Equal(s.GetProperty("tok13a_reference").GetString(), Tokenizer13a.Tokenize(@ref));
        }
    }
}
