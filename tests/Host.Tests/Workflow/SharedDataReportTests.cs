namespace HfTrain.Host.Tests.Workflow;

/// <summary>
/// The data report (--dry_run) runs on every file of the shared data: the committed slices always, the full sets of
/// ../shared/data where they are beside the repository.
/// </summary>
public sealed class SharedDataReportTests
{
    [Theory]
    [InlineData("summarization", "debian_desc_summarization/train.jsonl", "100")]
    [InlineData("summarization", "debian_desc_summarization/validation.jsonl", "40")]
    [InlineData("summarization", "debian_desc_summarization/test.jsonl", "40")]
    [InlineData("summarization", "debian_desc_summarization/validation.csv", "40")]
    [InlineData("translation", "ddtp_en_de/train.jsonl", "100")]
    [InlineData("translation", "ddtp_en_de/validation.csv", "40")]
    [InlineData("translation", "ddtp_en_fr/train.jsonl", "100")]
    [InlineData("translation", "ddtp_en_fr/validation.csv", "40")]
    public void Dry_run_reports_on_the_slice(string task, string file, string rows) =>
        DryRunReports(task, WorkflowRun.Fixture("shared-data-slice", file), rows);

    [SharedDataTheory]
    [InlineData("summarization", "debian_desc_summarization/train.jsonl", "30,392")]
    [InlineData("summarization", "debian_desc_summarization/validation.jsonl", "1,764")]
    [InlineData("summarization", "debian_desc_summarization/test.jsonl", "1,756")]
    [InlineData("summarization", "debian_desc_summarization/validation.csv", "1,764")]
    [InlineData("translation", "ddtp_en_de/train.jsonl", "28,582")]
    [InlineData("translation", "ddtp_en_de/validation.jsonl", "1,554")]
    [InlineData("translation", "ddtp_en_de/test.jsonl", "1,660")]
    [InlineData("translation", "ddtp_en_de/validation.csv", "1,554")]
    [InlineData("translation", "ddtp_en_fr/train.jsonl", "15,000")]
    [InlineData("translation", "ddtp_en_fr/validation.jsonl", "2,599")]
    [InlineData("translation", "ddtp_en_fr/test.jsonl", "2,377")]
    [InlineData("translation", "ddtp_en_fr/validation.csv", "2,599")]
    public void Dry_run_reports_on_the_file(string task, string file, string rows) =>
        DryRunReports(task, SharedData.Path(file), rows);

    static void DryRunReports(string task, string path, string rows)
    {
        string[] columns = task == "summarization"
            ? ["--text_column", "document", "--summary_column", "summary", "--source_prefix", "summarize: "]
            : ["--source_lang", "en", "--target_lang", Path.GetFileName(Path.GetDirectoryName(path)) == "ddtp_en_fr" ? "fr" : "de"];
        using var run = new WorkflowRun();
        var (code, output, error) = run.Run([task, "--model_name_or_path", WorkflowRun.Fixture("tiny"), "--do_train", "--dry_run",
            "--train_file", path, "--max_source_length", "512", "--preprocessing_num_workers", "2", .. columns]);
        Assert.True(code == 0, output + error);
        Assert.Contains($"rows: {rows}", output);
        Assert.Contains("p95", output);
        Assert.Contains("decoded back", output);
    }
}
