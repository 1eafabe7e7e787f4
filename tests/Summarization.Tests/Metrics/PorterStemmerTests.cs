using HfTrain.Plugins.Summarization.Metrics;

namespace HfTrain.Plugins.Summarization.Tests.Metrics;

public sealed class PorterStemmerTests
{
    [Theory]
    // the paper's step examples, as NLTK_EXTENSIONS stems them
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("cats", "cat")]
    [InlineData("agreed", "agre")]
    [InlineData("feed", "feed")]
    [InlineData("hopping", "hop")]
    [InlineData("hoping", "hope")]
    [InlineData("falling", "fall")]
    [InlineData("hissing", "hiss")]
    [InlineData("filing", "file")]
    [InlineData("relational", "relat")]
    [InlineData("generalizations", "gener")]
    [InlineData("triplicate", "triplic")]
    [InlineData("adjustment", "adjust")]
    [InlineData("adoption", "adopt")]
    [InlineData("controlling", "control")]
    [InlineData("roll", "roll")]
    // NLTK extensions: irregular forms, 'ies'/'ied' of four letters, y -> i only after a consonant, -logi, -alli
    [InlineData("dying", "die")]
    [InlineData("skies", "sky")]
    [InlineData("news", "news")]
    [InlineData("ties", "tie")]
    [InlineData("flies", "fli")]
    [InlineData("died", "die")]
    [InlineData("spied", "spi")]
    [InlineData("happy", "happi")]
    [InlineData("enjoy", "enjoy")]
    [InlineData("geology", "geolog")]
    [InlineData("radically", "radic")]
    // short words pass through
    [InlineData("by", "by")]
    [InlineData("is", "is")]
    public void Stems_like_nltk(string word, string stem) => Assert.Equal(stem, PorterStemmer.Stem(word));
}
