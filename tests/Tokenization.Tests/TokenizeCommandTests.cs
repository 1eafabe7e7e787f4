using HfTrain.Abstractions;

namespace HfTrain.Tokenization.Tests;

public sealed class TokenizeCommandTests
{
    [Fact]
    public void Writes_one_json_array_per_line_and_reads_json_string_lines()
    {
        var input = new StringReader("Hello world!\n\"line one\\nline two\"\n\n\"say \"hi\"\"\n");
        var output = new StringWriter();

        var code = TokenizeCommand.Run(Fixture.Folder("tok-32k"), input, output);

        var tokenizer = Fixture.Tokenizer("tok-32k", spieceOnly: false);
        string Json(string text) => "[" + string.Join(",", tokenizer.Encode(text)) + "]";
        var expected = new[] { Json("Hello world!"), Json("line one\nline two"), "[1]", Json("\"say \"hi\"\"") };
        Assert.Equal(0, code);
        Assert.Equal(expected, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public void Matches_transformers_on_a_known_text()
    {
        // tok-32k, transformers 5.17: "\thello\nworld\r\n" -> [24, 13208, 1550, 1] (summary.json probes).
        var output = new StringWriter();
        TokenizeCommand.Run(Fixture.Folder("tok-32k"), new StringReader("\"\\thello\\nworld\\r\\n\"\n"), output);
        Assert.Equal("[24,13208,1550,1]", output.ToString().Trim());
    }

    [Fact]
    public void A_folder_without_tokenizer_files_names_the_folder_and_the_files()
    {
        var empty = Directory.CreateTempSubdirectory("hftrain-tok-empty").FullName;
        var error = Assert.Throws<TaskInputException>(() => TokenizeCommand.Run(empty, new StringReader("x"), new StringWriter()));
        Directory.Delete(empty);
        Assert.Contains(empty, error.Message);
        Assert.Contains("tokenizer.json", error.Message);
        Assert.Contains("spiece.model", error.Message);
    }
}
