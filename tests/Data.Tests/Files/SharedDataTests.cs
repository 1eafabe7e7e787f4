using HfTrain.Data.Files;

namespace HfTrain.Data.Tests.Files;

/// <summary>
/// Every file of the shared data reads completely: the committed slices always, the full sets of ../shared/data
/// where they are beside the repository (row counts from its README.md).
/// </summary>
public sealed class SharedDataTests
{
    [Theory]
    [InlineData("debian_desc_summarization/train.jsonl", 100, "document", "summary")]
    [InlineData("debian_desc_summarization/validation.jsonl", 40, "document", "summary")]
    [InlineData("debian_desc_summarization/test.jsonl", 40, "document", "summary")]
    [InlineData("debian_desc_summarization/validation.csv", 40, "document", "summary")]
    [InlineData("ddtp_en_de/train.jsonl", 100, "translation", null)]
    [InlineData("ddtp_en_de/validation.jsonl", 40, "translation", null)]
    [InlineData("ddtp_en_de/test.jsonl", 40, "translation", null)]
    [InlineData("ddtp_en_de/validation.csv", 40, "en", "de")]
    [InlineData("ddtp_en_fr/train.jsonl", 100, "translation", null)]
    [InlineData("ddtp_en_fr/validation.jsonl", 40, "translation", null)]
    [InlineData("ddtp_en_fr/test.jsonl", 40, "translation", null)]
    [InlineData("ddtp_en_fr/validation.csv", 40, "en", "fr")]
    public void Slice_reads_every_row(string relative, int rows, string firstTextColumn, string? secondTextColumn) =>
        ReadsEveryRow(Inputs.Slice(relative), rows, firstTextColumn, secondTextColumn);

    [SharedDataTheory]
    [InlineData("debian_desc_summarization/train.jsonl", 30_392, "document", "summary")]
    [InlineData("debian_desc_summarization/validation.jsonl", 1_764, "document", "summary")]
    [InlineData("debian_desc_summarization/test.jsonl", 1_756, "document", "summary")]
    [InlineData("debian_desc_summarization/validation.csv", 1_764, "document", "summary")]
    [InlineData("ddtp_en_de/train.jsonl", 28_582, "translation", null)]
    [InlineData("ddtp_en_de/validation.jsonl", 1_554, "translation", null)]
    [InlineData("ddtp_en_de/test.jsonl", 1_660, "translation", null)]
    [InlineData("ddtp_en_de/validation.csv", 1_554, "en", "de")]
    [InlineData("ddtp_en_fr/train.jsonl", 15_000, "translation", null)]
    [InlineData("ddtp_en_fr/validation.jsonl", 2_599, "translation", null)]
    [InlineData("ddtp_en_fr/test.jsonl", 2_377, "translation", null)]
    [InlineData("ddtp_en_fr/validation.csv", 2_599, "en", "fr")]
    public void Reads_every_row(string relative, int rows, string firstTextColumn, string? secondTextColumn) =>
        ReadsEveryRow(SharedData.Path(relative), rows, firstTextColumn, secondTextColumn);

    [Fact]
    public void Slice_csv_and_jsonl_of_the_same_split_hold_the_same_text() =>
        SameText(Inputs.Slice("debian_desc_summarization/validation.jsonl"), Inputs.Slice("debian_desc_summarization/validation.csv"));

    [SharedDataFact]
    public void Csv_and_jsonl_of_the_same_split_hold_the_same_text() =>
        SameText(SharedData.Path("debian_desc_summarization/validation.jsonl"), SharedData.Path("debian_desc_summarization/validation.csv"));

    static void ReadsEveryRow(string path, int rows, string firstTextColumn, string? secondTextColumn)
    {
        var file = DatasetReader.Read(path);

        Assert.Equal(rows, file.Rows.Count);
        Assert.Contains(firstTextColumn, file.Columns);
        foreach (var row in file.Rows)
        {
            Assert.NotNull(row.Values[firstTextColumn]);
            if (secondTextColumn is not null)
                Assert.False(string.IsNullOrEmpty(row.Text(secondTextColumn)), row.Location);
        }
    }

    static void SameText(string jsonlPath, string csvPath)
    {
        var jsonl = DatasetReader.Read(jsonlPath);
        var csv = DatasetReader.Read(csvPath);

        Assert.Equal(jsonl.Rows.Count, csv.Rows.Count);
        for (var i = 0; i < jsonl.Rows.Count; i++)
        {
            Assert.Equal(jsonl.Rows[i].Text("document"), csv.Rows[i].Text("document"));
            Assert.Equal(jsonl.Rows[i].Text("summary"), csv.Rows[i].Text("summary"));
        }
    }
}
