using System.Text.Json;
using HfTrain.Data.Predictions;
using HfTrain.Plugins.Translation.Metrics;

namespace HfTrain.Plugins.Translation.Tests.Metrics;

/// <summary>hf-train metrics translation --predictions P --references R, on real files: the 300-pair sacrebleu
/// reference corpus written to disk gives sacrebleu's numbers.</summary>
public sealed class MetricsFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hftrain-bleu-files-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Bleu_and_chrf_from_files_match_sacrebleu()
    {
        var corpus = JsonDocument.Parse(File.ReadAllText(
            Path.Combine(AppContext.BaseDirectory, "Fixtures", "metrics", "sacrebleu_reference.json"))).RootElement
            .GetProperty("corpora")[0];
        var p = Path.Combine(_dir, "generated_predictions.txt");
        var r = Path.Combine(_dir, "references.txt");
        GeneratedTextFile.Write(p, corpus.GetProperty("hypotheses").EnumerateArray().Select(e => e.GetString()!));
        GeneratedTextFile.Write(r, corpus.GetProperty("references").EnumerateArray().Select(e => e.GetString()!));
        var metrics = MetricsFiles.Compute(new SacreBleuMetric(), p, r);
        Assert.Equal(corpus.GetProperty("bleu").GetDouble(), metrics["bleu"], 1e-6);
        Assert.Equal(corpus.GetProperty("chrf").GetDouble(), metrics["chrf"], 1e-6);
    }
}
