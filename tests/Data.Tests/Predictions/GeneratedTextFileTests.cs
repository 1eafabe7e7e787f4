using HfTrain.Data.Predictions;

namespace HfTrain.Data.Tests.Predictions;

public sealed class GeneratedTextFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hftrain-textfile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Round_trips_newlines_backslashes_tabs_and_empty_texts()
    {
        string[] texts = ["one line", "two\nlines", @"C:\path\n is not a newline", "tab\there", "", "cr\r\nlf", "ü 😀", ""];
        var path = Path.Combine(_dir, "generated_predictions.txt");
        GeneratedTextFile.Write(path, texts);
        Assert.Equal(texts, GeneratedTextFile.Read(path));
        Assert.Equal(texts.Length, File.ReadAllText(path).Count(c => c == '\n'));
    }

    [Fact]
    public void Reads_a_file_written_by_python_without_final_newline_and_crlf_files()
    {
        var python = Path.Combine(_dir, "python.txt");
        File.WriteAllText(python, "first summary\nsecond summary");
        Assert.Equal(["first summary", "second summary"], GeneratedTextFile.Read(python));
        var crlf = Path.Combine(_dir, "crlf.txt");
        File.WriteAllText(crlf, "a\r\nb\r\n");
        Assert.Equal(["a", "b"], GeneratedTextFile.Read(crlf));
    }

    [Theory]
    [InlineData(@"a\nb", "a\nb")]
    [InlineData(@"a\\nb", @"a\nb")]
    [InlineData(@"a\qb\", @"a\qb\")]
    [InlineData(@"\r\t", "\r\t")]
    public void Unescapes_only_known_sequences(string line, string text) => Assert.Equal(text, GeneratedTextFile.Unescape(line));

    [Fact]
    public void Empty_file_has_no_texts() => Assert.Empty(GeneratedTextFile.Parse(""));

    [Fact]
    public void Missing_file_names_the_path()
    {
        var path = Path.Combine(_dir, "nope.txt");
        var error = Assert.Throws<FileNotFoundException>(() => GeneratedTextFile.Read(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
