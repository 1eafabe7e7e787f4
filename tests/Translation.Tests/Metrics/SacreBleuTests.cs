using HfTrain.Abstractions;
using HfTrain.Plugins.Translation.Metrics;

namespace HfTrain.Plugins.Translation.Tests.Metrics;

public sealed class SacreBleuTests
{
    [Fact]
    public void Brevity_penalty_by_hand()
    {
        // hypothesis a b c d (4 tokens) is a prefix of reference a b c d e (5): every precision is 100%,
        // BP = exp(1 - 5/4) -> BLEU = 100·e^-0.25
        Assert.Equal(100 * Math.Exp(-0.25), SacreBleu.CorpusScore(["a b c d"], ["a b c d e"]), 10);
    }

    [Fact]
    public void Exp_smoothing_by_hand()
    {
        // hypothesis "a b c x" vs reference "a b c y": p1 = 3/4, p2 = 2/3, p3 = 1/2, p4: no match of 1 -> 100/(2·1)
        // BLEU = exp((ln 75 + ln 66.67 + ln 50 + ln 50) / 4), BP = 1
        var expected = Math.Exp((Math.Log(75) + Math.Log(200.0 / 3) + Math.Log(50) + Math.Log(50)) / 4);
        Assert.Equal(expected, SacreBleu.CorpusScore(["a b c x"], ["a b c y"]), 10);
    }

    [Fact]
    public void Effective_order_changes_only_short_segments()
    {
        // two tokens: no 3- or 4-grams. corpus BLEU (effective order off) gives 0, sentence BLEU uses orders 1..2
        Assert.Equal(0.0, SacreBleu.CorpusScore(["a b"], ["a b c"]));
        Assert.Equal(100 * Math.Exp(1 - 1.5), SacreBleu.SentenceScore("a b", "a b c"), 10);
    }

    [Theory]
    [InlineData("Hello, world.", "Hello , world .")]
    [InlineData("3.14 and 1,000 but x.y", "3.14 and 1,000 but x . y")]
    [InlineData("5-6 a-b", "5 - 6 a-b")]
    [InlineData("AT&amp;T &lt;tag&gt;", "AT & T < tag >")]
    [InlineData("line-\nbreak\nnext", "linebreak next")]
    [InlineData("(a) [b] {c} \"d\" 'e'", "( a ) [ b ] { c } \" d \" 'e'")]
    [InlineData("\u001Cfs\u00A0nbsp", "fs nbsp")]
    public void Tokenizes_like_13a(string text, string expected) => Assert.Equal(expected, Tokenizer13a.Tokenize(text));

    [Fact]
    public void ChrF_counts_code_points_and_ignores_whitespace()
    {
        Assert.Equal(100.0, ChrF.SentenceScore("a b c", "abc"), 10);
        Assert.Equal(100.0, ChrF.SentenceScore("😀x", "😀 x"), 10);
        Assert.Equal(0.0, ChrF.SentenceScore("", "abc"));
    }

    [Fact]
    public void Metric_strips_and_reports_bleu_and_chrf()
    {
        var metrics = new SacreBleuMetric().Compute(["  Ein kleiner Test. \n"], ["Ein kleiner Test."]);
        Assert.Equal(["bleu", "chrf"], metrics.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(100.0, metrics["bleu"], 10);
        Assert.Equal(100.0, metrics["chrf"], 10);
    }

    [Fact]
    public void Different_counts_are_a_user_error()
    {
        var error = Assert.Throws<TaskInputException>(() => new SacreBleuMetric().Compute(["a", "b"], ["a"]));
        Assert.Contains("2 predictions and 1 references", error.Message, StringComparison.Ordinal);
    }
}
