using HfTrain.Abstractions;
using HfTrain.Data.Files;

namespace HfTrain.Data.Tests.Files;

public sealed class ReaderTests
{
    private static readonly string[] TinyColumns = ["id", "document", "summary"];

    [Theory]
    [InlineData("tiny.jsonl", DatasetFormat.JsonLines)]
    [InlineData("tiny.jsonl.gz", DatasetFormat.JsonLines)]
    [InlineData("tiny.json", DatasetFormat.Json)]
    [InlineData("tiny_field.json", DatasetFormat.Json)]
    [InlineData("tiny_field_pretty.json", DatasetFormat.Json)]
    [InlineData("tiny.csv.gz", DatasetFormat.Csv)]
    [InlineData("rows_without_extension", DatasetFormat.JsonLines)]
    public void Every_format_reads_the_same_three_rows(string name, DatasetFormat format)
    {
        var file = DatasetReader.Read(Inputs.Path(name));

        Assert.Equal(format, file.Format);
        Assert.Equal(TinyColumns, file.Columns);
        Assert.Equal(3, file.Rows.Count);
        Assert.Equal("Hello, world.\nSecond line with \"quotes\".", file.Rows[0].Text("document"));
        Assert.Equal("Ünïcödé — 日本語", file.Rows[2].Text("document"));
        Assert.Equal("unicode", file.Rows[2].Text("summary"));
    }

    [Fact]
    public void Csv_keeps_commas_quotes_and_newlines_inside_fields_and_reads_empty_fields_as_null()
    {
        var file = DatasetReader.Read(Inputs.Path("tiny.csv"));

        Assert.Equal(DatasetFormat.Csv, file.Format);
        Assert.Equal(4, file.Rows.Count);
        Assert.Equal("Hello, world.\nSecond line with \"quotes\".", file.Rows[0].Text("document"));
        Assert.EndsWith("tiny.csv:line 2", file.Rows[0].Location);
        Assert.EndsWith("tiny.csv:line 4", file.Rows[1].Location); // row 1 spans lines 2–3
        Assert.Null(file.Rows[3].Text("document"));
    }

    [Fact]
    public void Json_lines_locations_name_the_line()
    {
        var file = DatasetReader.Read(Inputs.Path("tiny.jsonl"));

        Assert.EndsWith("tiny.jsonl:line 3", file.Rows[2].Location);
    }

    [Fact]
    public void Nested_objects_become_nested_rows()
    {
        var file = DatasetReader.Read(Inputs.Path("translation.jsonl"));

        Assert.Equal(["id", "translation"], file.Columns);
        var pair = Assert.IsType<DataRow>(file.Rows[1].Values["translation"]);
        Assert.Equal("Es konvertiert Dateien.", pair.Text("de"));
    }

    [Fact]
    public void Json_numbers_become_long_or_double_and_booleans_bool()
    {
        using var temp = new TempFolder();
        var path = temp.File("types.jsonl", "{\"a\": 3, \"b\": 2.5, \"c\": true, \"d\": null, \"e\": [1, \"x\"]}\n");

        var values = DatasetReader.Read(path).Rows[0].Values;

        Assert.Equal(3L, values["a"]);
        Assert.Equal(2.5, values["b"]);
        Assert.Equal(true, values["c"]);
        Assert.Null(values["d"]);
        Assert.Equal(new object?[] { 1L, "x" }, Assert.IsType<List<object?>>(values["e"]));
    }

    [Fact]
    public void Parquet_flat_columns_read_with_row_locations()
    {
        using var temp = new TempFolder();
        var path = temp.File("train.parquet");
        ParquetInput.WriteSummaries(path, 5);

        var file = DatasetReader.Read(path);

        Assert.Equal(DatasetFormat.Parquet, file.Format);
        Assert.Equal(["document", "summary", "id"], file.Columns);
        Assert.Equal(5, file.Rows.Count);
        Assert.Equal("document 4, with a comma", file.Rows[4].Text("document"));
        Assert.Equal(4L, file.Rows[4].Values["id"]);
        Assert.EndsWith("train.parquet:row 5", file.Rows[4].Location);
    }

    [Fact]
    public void Parquet_struct_column_becomes_a_nested_row_even_without_the_extension()
    {
        using var temp = new TempFolder();
        var path = temp.File("pairs.bin");
        ParquetInput.WriteTranslations(path);

        var file = DatasetReader.Read(path);

        Assert.Equal(["translation"], file.Columns);
        var pair = Assert.IsType<DataRow>(file.Rows[0].Values["translation"]);
        Assert.Equal("convert a file", pair.Text("en"));
        Assert.Equal("eine Datei konvertieren", pair.Text("de"));
    }

    [Fact]
    public void Blank_lines_only_is_an_empty_file_not_an_error()
    {
        var file = DatasetReader.Read(Inputs.Path("blank_lines_only.jsonl"));

        Assert.Empty(file.Rows);
    }

    [Fact]
    public void Csv_with_crlf_line_ends_and_no_final_newline()
    {
        var rows = DatasetReader.Read(Inputs.Path("crlf.csv")).Rows;

        Assert.Equal(2, rows.Count);
        Assert.Equal("multi\r\nline, text", rows[0].Text("document"));
        Assert.Equal("no final newline", rows[1].Text("summary"));
        Assert.EndsWith("crlf.csv:line 4", rows[1].Location);
    }

    [Fact]
    public void Json_lines_with_a_byte_order_mark_and_crlf()
    {
        var file = DatasetReader.Read(Inputs.Path("bom_crlf.jsonl"));

        Assert.Equal(["document", "summary"], file.Columns);
        Assert.Equal("crlf", file.Rows[1].Text("document"));
    }
}
