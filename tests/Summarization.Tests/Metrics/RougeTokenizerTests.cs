using HfTrain.Plugins.Summarization.Metrics;

namespace HfTrain.Plugins.Summarization.Tests.Metrics;

public sealed class RougeTokenizerTests
{
    [Theory]
    // non-alphanumeric runs split; tokens of at most 3 characters are not stemmed
    [InlineData("The cats, the DOGS!", "the cat the dog")]
    [InlineData("x86_64 v2.0.1", "x86 64 v2 0 1")]
    // Python lower(): 'İ' -> "i" + U+0307 (a separator after the regex), KELVIN SIGN -> 'k'
    [InlineData("İstanbul", "i stanbul")]
    [InlineData("\u212Aelvin", "kelvin")]
    // every other non-ASCII letter becomes a separator, as rouge_score's [^a-z0-9]+ does
    [InlineData("Größe naïve café", "gr e na ve caf")]
    [InlineData("ΣΑΣ ω", "")]
    [InlineData("", "")]
    public void Tokenizes_like_rouge_score(string text, string expected) =>
        Assert.Equal(expected, string.Join(' ', RougeTokenizer.Tokenize(text)));

    [Fact]
    public void Stemming_can_be_turned_off() =>
        Assert.Equal(["running", "cats"], RougeTokenizer.Tokenize("Running cats", useStemmer: false));
}
