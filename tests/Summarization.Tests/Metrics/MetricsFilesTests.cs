using HfTrain.Abstractions;
using HfTrain.Data.Predictions;
using HfTrain.Plugins.Summarization.Metrics;

namespace HfTrain.Plugins.Summarization.Tests.Metrics;

/// <summary>hf-train metrics summarization --predictions P --references R, on real files.</summary>
public sealed class MetricsFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hftrain-rouge-files-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Rouge_from_files_equals_rouge_from_strings()
    {
        string[] predictions = ["the cat on the mat", "Cc dd.\nAa bb.", "tools for PDF files"];
        string[] references = ["the cat sat on the mat", "Aa bb. Cc dd.", "tools to manipulate PDF files"];
        var p = Path.Combine(_dir, "generated_predictions.txt");
        var r = Path.Combine(_dir, "references.txt");
        GeneratedTextFile.Write(p, predictions);
        GeneratedTextFile.Write(r, references);
        var fromFiles = MetricsFiles.Compute(new RougeMetric(), p, r);
        Assert.Equal(new RougeMetric().Compute(predictions, references), fromFiles);
        Assert.InRange(fromFiles["rouge1"], 50, 99);
    }

    [Fact]
    public void Line_count_mismatch_names_both_files()
    {
        var p = Path.Combine(_dir, "p.txt");
        var r = Path.Combine(_dir, "r.txt");
        File.WriteAllText(p, "a\nb\n");
        File.WriteAllText(r, "a\n");
        var error = Assert.Throws<TaskInputException>(() => MetricsFiles.Compute(new RougeMetric(), p, r));
        Assert.Contains("has 2 lines", error.Message, StringComparison.Ordinal);
        Assert.Contains(r, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_a_user_error_naming_the_option()
    {
        var error = Assert.Throws<TaskInputException>(() =>
            MetricsFiles.Compute(new RougeMetric(), Path.Combine(_dir, "missing.txt"), Path.Combine(_dir, "r.txt")));
        Assert.Contains("--predictions", error.Message, StringComparison.Ordinal);
    }
}
