using HfTrain.Abstractions;
using HfTrain.Data.Files;

namespace HfTrain.Data.Tests.Files;

/// <summary>Each user mistake gives a <see cref="TaskInputException"/> naming the file, the line/row and the fix.</summary>
public sealed class BadInputTests
{
    private static TaskInputException Fails(string name) =>
        Assert.Throws<TaskInputException>(() => DatasetReader.Read(Inputs.Path(name)));

    [Fact]
    public void Malformed_json_line_names_the_line()
    {
        var e = Fails("bad_json_line.jsonl");

        Assert.Contains("bad_json_line.jsonl:line 3", e.Message);
        Assert.Contains("not valid JSON", e.Message);
        Assert.Contains("Fix or delete that line", e.Message);
    }

    [Fact]
    public void Unterminated_csv_quote_names_the_file_and_the_line()
    {
        var e = Fails("unterminated_quote.csv");

        Assert.Contains("unterminated_quote.csv:line 3", e.Message); // the quote opens on line 3
        Assert.Contains("never closes", e.Message);
        Assert.Contains("Close the quote", e.Message);
    }

    [Fact]
    public void Csv_row_with_too_few_fields_names_the_file()
    {
        var e = Fails("ragged.csv");

        Assert.Contains("ragged.csv:line 3", e.Message);
        Assert.Contains("the row has 2 fields, the header 3", e.Message);
        Assert.Contains("as many fields as the header", e.Message);
    }

    [Fact]
    public void Missing_file_names_the_path_and_the_option()
    {
        var e = Fails("does_not_exist.jsonl");

        Assert.Contains("does_not_exist.jsonl: file not found", e.Message);
        Assert.Contains("--train_file", e.Message);
    }

    [Theory]
    [InlineData("latin1.jsonl")]
    [InlineData("latin1.csv")]
    public void Non_utf8_bytes_name_the_line_and_how_to_convert(string name)
    {
        var e = Fails(name);

        Assert.Contains(name + ":line 2", e.Message);
        Assert.Contains("0xE9", e.Message);
        Assert.Contains("iconv", e.Message);
    }

    [Fact]
    public void A_number_where_text_is_expected_names_the_row_and_column()
    {
        var rows = DatasetReader.Read(Inputs.Path("number_as_text.jsonl")).Rows;

        Assert.Equal("fine", rows[0].Text("document"));
        var e = Assert.Throws<TaskInputException>(() => rows[1].Text("document"));
        Assert.Contains("number_as_text.jsonl:line 2", e.Message);
        Assert.Contains("'document' holds the number 12345", e.Message);
    }

    [Fact]
    public void Parquet_extension_without_parquet_content_says_so()
    {
        var e = Fails("not_parquet.parquet");

        Assert.Contains("PAR1", e.Message);
    }

    [Fact]
    public void Json_array_of_non_objects_names_the_row()
    {
        var e = Fails("array_of_numbers.json");

        Assert.Contains("array_of_numbers.json:row 1", e.Message);
        Assert.Contains("expected a JSON object", e.Message);
    }

    [Fact]
    public void Truncated_gzip_is_reported_not_crashed()
    {
        using var temp = new TempFolder();
        var bytes = File.ReadAllBytes(Inputs.Path("tiny.jsonl.gz"));
        var path = temp.File("cut.jsonl.gz");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<TaskInputException>(() => DatasetReader.Read(path));

        Assert.Contains("cut.jsonl.gz", e.Message);
    }

    [Fact]
    public void Empty_split_names_the_file_and_the_option()
    {
        var file = DatasetReader.Read(Inputs.Path("empty.jsonl"));

        var e = Assert.Throws<TaskInputException>(() => file.RequireRows("--do_train"));

        Assert.Contains("empty.jsonl: holds no rows, but --do_train needs at least one", e.Message);
    }

    [Fact]
    public void Corrupt_parquet_is_reported_not_crashed()
    {
        var e = Fails("corrupt.parquet");

        Assert.Contains("corrupt.parquet: cannot read this Parquet file", e.Message);
    }

    [Fact]
    public void Truncated_parquet_is_reported_not_crashed()
    {
        using var temp = new TempFolder();
        var path = temp.File("cut.parquet");
        ParquetInput.WriteSummaries(path, 50);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);

        var e = Assert.Throws<TaskInputException>(() => DatasetReader.Read(path));

        Assert.Contains("cut.parquet: cannot read this Parquet file", e.Message);
    }

    [Fact]
    public void Duplicate_csv_header_names_the_column()
    {
        var e = Fails("duplicate_header.csv");

        Assert.Contains("duplicate_header.csv:line 1: the header names column 'text' twice", e.Message);
    }
}
