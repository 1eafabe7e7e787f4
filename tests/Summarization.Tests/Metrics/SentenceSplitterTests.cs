using HfTrain.Plugins.Summarization.Metrics;

namespace HfTrain.Plugins.Summarization.Tests.Metrics;

public sealed class SentenceSplitterTests
{
    [Theory]
    [InlineData("Hello world. This is a test.", "Hello world.|This is a test.")]
    [InlineData("Really?! Yes. no way", "Really?!|Yes.|no way")]
    [InlineData("He said \"Stop.\" Then he left.", "He said \"Stop.\"|Then he left.")]
    // abbreviations, dotted acronyms, initials
    [InlineData("Mr. Smith met Dr. Jones at St. Mary's.", "Mr. Smith met Dr. Jones at St. Mary's.")]
    [InlineData("Tools, e.g. grep and sed, i.e. text tools. Next one.", "Tools, e.g. grep and sed, i.e. text tools.|Next one.")]
    [InlineData("The U.S. Army uses it. It works.", "The U.S. Army uses it.|It works.")]
    [InlineData("J. R. R. Tolkien wrote it.", "J. R. R. Tolkien wrote it.")]
    // numbers: decimals and versions never split; an ordinal before a lower-case word does not end a sentence
    [InlineData("It costs 3.50 dollars. Version 1.2.3 is out.", "It costs 3.50 dollars.|Version 1.2.3 is out.")]
    [InlineData("Released in 2019. It was fast.", "Released in 2019.|It was fast.")]
    [InlineData("see step 2. then continue", "see step 2. then continue")]
    // ellipsis splits only before an upper-case word
    [InlineData("Wait... What now", "Wait...|What now")]
    [InlineData("and so on... and on", "and so on... and on")]
    // whitespace: Python's, and sentences keep inner newlines
    [InlineData("  One.\u00A0Two.  ", "One.|Two.")]
    [InlineData("line one\nline two. End", "line one\nline two.|End")]
    [InlineData("no punctuation", "no punctuation")]
    [InlineData("", "")]
    public void Splits_like_punkt_on_english(string text, string expected) =>
        Assert.Equal(expected, string.Join('|', SentenceSplitter.Split(text)));

    [Fact]
    public void One_per_line_joins_with_newlines() =>
        Assert.Equal("Aa bb.\nCc dd!", SentenceSplitter.OnePerLine("Aa bb. Cc dd!"));
}
