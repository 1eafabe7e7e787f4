using HfTrain.Plugins.Summarization.Metrics;

namespace HfTrain.Plugins.Summarization.Tests.Metrics;

public sealed class RougeScorerTests
{
    private readonly RougeScorer _scorer = new();

    [Fact]
    public void Hand_checked_unigram_bigram_and_lcs()
    {
        // target the cat sat on the mat (6 tokens), prediction the cat on the mat (5 tokens)
        var s = _scorer.Score("the cat sat on the mat", "the cat on the mat");
        // rouge1: overlap the×2 cat on mat = 5 -> P 5/5, R 5/6, F = 2·(5/6)/(11/6) = 10/11
        Assert.Equal(1.0, s.Rouge1.Precision, 12);
        Assert.Equal(5.0 / 6, s.Rouge1.Recall, 12);
        Assert.Equal(10.0 / 11, s.Rouge1.FMeasure, 12);
        // rouge2: target {the cat, cat sat, sat on, on the, the mat}, prediction {the cat, cat on, on the, the mat}
        // overlap 3 -> P 3/4, R 3/5, F = 2·0.45/1.35 = 2/3
        Assert.Equal(2.0 / 3, s.Rouge2.FMeasure, 12);
        // rougeL: LCS "the cat on the mat" = 5, same P/R as rouge1
        Assert.Equal(10.0 / 11, s.RougeL.FMeasure, 12);
    }

    [Fact]
    public void RougeLsum_matches_sentences_in_any_order_while_rougeL_does_not()
    {
        // rougeL: LCS of "a b c d" and "c d a b" is 2 -> P = R = F = 1/2
        // rougeLsum: each target sentence finds its LCS in some prediction sentence -> 4 hits of 4
        var s = _scorer.Score("aa bb\ncc dd", "cc dd\naa bb");
        Assert.Equal(0.5, s.RougeL.FMeasure, 12);
        Assert.Equal(1.0, s.RougeLsum.FMeasure, 12);
    }

    [Fact]
    public void RougeLsum_does_not_count_a_token_twice()
    {
        // target "aa aa" (2 tokens), prediction lines "aa" and "aa bb" (3 tokens): union LCS of the one target
        // sentence covers both of its tokens -> 2 hits; P = 2/3, R = 2/2, F = 0.8
        var s = _scorer.Score("aa aa", "aa\naa bb");
        Assert.Equal(2.0 / 3, s.RougeLsum.Precision, 12);
        Assert.Equal(1.0, s.RougeLsum.Recall, 12);
        Assert.Equal(0.8, s.RougeLsum.FMeasure, 12);
    }

    [Fact]
    public void Empty_sides_score_zero()
    {
        Assert.Equal(RougeScore.Zero, _scorer.Score("", "words here").Rouge1);
        Assert.Equal(RougeScore.Zero, _scorer.Score("words here", "").RougeL);
        Assert.Equal(RougeScore.Zero, _scorer.Score("!!!", "???").RougeLsum);
    }

    [Fact]
    public void Stemming_makes_inflections_match()
    {
        // running -> run, runners -> runner vs runs -> run, runner -> runner
        var s = _scorer.Score("runs runner", "running runners");
        Assert.Equal(1.0, s.Rouge1.FMeasure, 12);
    }
}
