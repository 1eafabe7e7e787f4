using System.Text.Json;
using HfTrain.Plugins.Summarization.Metrics;

namespace HfTrain.Plugins.Summarization.Tests.Metrics;

/// <summary>Against tests/Fixtures/metrics/rouge_reference.json, made by tools/metrics-reference/make_reference.py
/// (rouge_score's scorer and NLTK's PorterStemmer code; see the fixture's made_by).</summary>
public sealed class RougeReferenceTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "metrics", "rouge_reference.json"))).RootElement;

    private static readonly string[] Types = ["rouge1", "rouge2", "rougeL", "rougeLsum"];

    private static RougeScore Pick(RougeScores s, string type) => type switch
    {
        "rouge1" => s.Rouge1,
        "rouge2" => s.Rouge2,
        "rougeL" => s.RougeL,
        _ => s.RougeLsum,
    };

    [Fact]
    public void Every_pair_matches_rouge_score_precision_recall_and_f()
    {
        var scorer = new RougeScorer(useStemmer: true);
        var pairs = Reference.GetProperty("pairs").EnumerateArray().ToList();
        Assert.True(pairs.Count > 300);
        foreach (var pair in pairs)
        {
            var prediction = pair.GetProperty("prediction").GetString()!;
            var target = pair.GetProperty("target").GetString()!;
            var scores = scorer.Score(target, prediction);
            foreach (var type in Types)
            {
                var expected = pair.GetProperty(type).EnumerateArray().Select(e => e.GetDouble()).ToArray();
                var actual = Pick(scores, type);
                var where = $"{type} of prediction '{prediction}' vs target '{target}'";
                Assert.True(Math.Abs(expected[0] - actual.Precision) < 1e-6, $"{where}: P {actual.Precision} != {expected[0]}");
                Assert.True(Math.Abs(expected[1] - actual.Recall) < 1e-6, $"{where}: R {actual.Recall} != {expected[1]}");
                Assert.True(Math.Abs(expected[2] - actual.FMeasure) < 1e-6, $"{where}: F {actual.FMeasure} != {expected[2]}");
            }
        }
    }

    [Fact]
    public void Mean_f_measure_over_the_corpus_matches()
    {
        var scorer = new RougeScorer(useStemmer: true);
        var pairs = Reference.GetProperty("pairs").EnumerateArray()
            .Select(p => scorer.Score(p.GetProperty("target").GetString()!, p.GetProperty("prediction").GetString()!))
            .ToList();
        foreach (var type in Types)
        {
            var expected = Reference.GetProperty("mean_fmeasure").GetProperty(type).GetDouble();
            Assert.Equal(expected, pairs.Average(s => Pick(s, type).FMeasure), 1e-6);
        }
    }

    [Fact]
    public void Porter_stems_match_nltk_on_the_fixture_vocabulary()
    {
        var stems = Reference.GetProperty("stems").EnumerateObject().ToList();
        Assert.True(stems.Count > 3000);
        var wrong = stems
            .Where(s => PorterStemmer.Stem(s.Name) != s.Value.GetString())
            .Select(s => $"{s.Name}: {PorterStemmer.Stem(s.Name)} != {s.Value.GetString()}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Take(30)));
    }
}
