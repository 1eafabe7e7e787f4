using HfTrain.Abstractions;
using HfTrain.Data.Reporting;
using HfTrain.Data.Samples;

namespace HfTrain.Data.Tests.Reporting;

public sealed class DataReportTests
{
    [Fact]
    public void Report_of_a_small_split_is_exact()
    {
        var tokenizer = new WhitespaceTokenizer();
        var examples = new[] { "a b c d e", "a b", "a", "a b c" }
            .Select(t => new Seq2SeqExample(tokenizer.Encode("summarize: " + t, 4), tokenizer.Encode(t, 3), t))
            .ToList();
        var split = new SplitSummary("train", 6, new Dictionary<string, int> { ["empty summary"] = 2 }, examples, 4, 3);

        var report = DataReport.Render([split], tokenizer, examplesToShow: 1);

        Assert.Equal(
            """
            [train] rows: 6, examples: 4, dropped: 2
              dropped 2: empty summary
              source tokens: p50 4, p90 4, p95 4, p99 4, max 4; at max_source_length=4: 3 (75.0%)
              target tokens: p50 3, p90 3, p95 3, p99 3, max 3; at max_target_length=3: 3 (75.0%)
            First 1 train examples, decoded back:
              source (4 tokens): "summarize: a b </s>"
              target (3 tokens): "a b </s>"

            """.ReplaceLineEndings("\n"),
            report.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Percentiles_interpolate_like_numpy()
    {
        int[] sorted = [1, 2, 3, 4, 10];

        Assert.Equal(3, DataReport.Percentile(sorted, 50));
        Assert.Equal(7.6, DataReport.Percentile(sorted, 90), 9); // numpy.percentile([1,2,3,4,10], 90) == 7.6
        Assert.Equal(10, DataReport.Percentile(sorted, 100));
    }

    [Fact]
    public void Report_over_the_embedded_sample_names_both_splits()
    {
        var tokenizer = new WhitespaceTokenizer();
        SplitSummary Summarize(DataSplit split, string name)
        {
            var rows = EmbeddedSamples.Open("summarization", split).Rows;
            var examples = rows.Select(r => new Seq2SeqExample(
                tokenizer.Encode("summarize: " + r.Text("document"), 64), tokenizer.Encode(r.Text("summary")!, 16), r.Text("summary")!)).ToList();
            return new SplitSummary(name, rows.Count, new Dictionary<string, int>(), examples, 64, 16);
        }

        var report = DataReport.Render([Summarize(DataSplit.Train, "train"), Summarize(DataSplit.Validation, "validation")], tokenizer);

        Assert.Contains("[train] rows: 2,000, examples: 2,000, dropped: 0", report);
        Assert.Contains("[validation] rows: 200", report);
        Assert.Contains("at max_source_length=64", report);
        Assert.Equal(6, report.Split('\n').Count(l => l.StartsWith("  source (", StringComparison.Ordinal) || l.StartsWith("  target (", StringComparison.Ordinal)));
    }
}
