using HfTrain.Abstractions;
using HfTrain.Data.Files;
using HfTrain.Data.Samples;

namespace HfTrain.Data.Tests.Samples;

public sealed class EmbeddedSamplesTests
{
    [Theory]
    [InlineData("summarization", DataSplit.Train, "debian_desc_summarization/train.jsonl")]
    [InlineData("summarization", DataSplit.Validation, "debian_desc_summarization/validation.jsonl")]
    [InlineData("translation", DataSplit.Train, "ddtp_en_de/train.jsonl")]
    [InlineData("translation", DataSplit.Validation, "ddtp_en_de/validation.jsonl")]
    public void Sample_starts_with_the_rows_of_the_committed_slice(string task, DataSplit split, string slice)
    {
        var sample = EmbeddedSamples.Open(task, split);
        var source = DatasetReader.Read(Inputs.Slice(slice));

        Assert.NotEmpty(source.Rows);
        Assert.Equal(source.Columns, sample.Columns);
        for (var i = 0; i < source.Rows.Count; i++)
            Assert.Equal(source.Rows[i].Values["id"], sample.Rows[i].Values["id"]);
    }

    [SharedDataTheory]
    [InlineData("summarization", DataSplit.Train, 2000, "debian_desc_summarization/train.jsonl")]
    [InlineData("summarization", DataSplit.Validation, 200, "debian_desc_summarization/validation.jsonl")]
    [InlineData("translation", DataSplit.Train, 2000, "ddtp_en_de/train.jsonl")]
    [InlineData("translation", DataSplit.Validation, 200, "ddtp_en_de/validation.jsonl")]
    public void Sample_is_the_first_rows_of_the_shared_file(string task, DataSplit split, int rows, string shared)
    {
        var sample = EmbeddedSamples.Open(task, split);
        var source = DatasetReader.Read(SharedData.Path(shared));

        Assert.Equal(rows, sample.Rows.Count);
        Assert.Equal(source.Columns, sample.Columns);
        Assert.StartsWith($"embedded:{task}/", sample.Rows[0].Location);
        for (var i = 0; i < rows; i++)
            Assert.Equal(source.Rows[i].Values["id"], sample.Rows[i].Values["id"]);
        Assert.Equal(source.Rows[rows - 1].Values.Keys, sample.Rows[rows - 1].Values.Keys);
    }

    [Fact]
    public void Translation_sample_resolves_to_en_de()
    {
        var sample = EmbeddedSamples.Open("translation", DataSplit.Validation);

        Assert.Contains("translation", sample.Columns);
        Assert.All(sample.Rows, r =>
        {
            var pair = Assert.IsType<DataRow>(r.Values["translation"]);
            Assert.False(string.IsNullOrEmpty(pair.Text("en")));
            Assert.False(string.IsNullOrEmpty(pair.Text("de")));
        });
    }

    [Fact]
    public void Unknown_task_names_the_tasks_that_have_samples()
    {
        var e = Assert.Throws<TaskInputException>(() => EmbeddedSamples.Open("qa", DataSplit.Train));

        Assert.Contains("summarization, translation", e.Message);
    }

    [Fact]
    public void Sample_hash_is_that_of_the_committed_file()
    {
        var committed = Path.Combine(Inputs.RepositoryRoot, "src/Data/Samples/translation/train.jsonl.gz");
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(committed)));

        Assert.Equal(expected, EmbeddedSamples.Sha256("translation", DataSplit.Train));
        Assert.NotEqual(expected, EmbeddedSamples.Sha256("translation", DataSplit.Validation));
    }
}
