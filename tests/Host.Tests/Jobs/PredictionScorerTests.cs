using HfTrain.Abstractions;
using HfTrain.Host.Jobs;
using HfTrain.Host.Tests.Workflow;
using HfTrain.Tokenization;

namespace HfTrain.Host.Tests.Jobs;

/// <summary>The scorer decodes labels (and lets the metric prepare them) ahead, while predictions generate.</summary>
public sealed class PredictionScorerTests
{
    /// <summary>A real metric: the share of predictions equal to their reference, and how often Prepare ran.</summary>
    private sealed class ExactMatch : IMetric
    {
        public List<IReadOnlyList<string>> Prepared { get; } = [];

        public IReadOnlyDictionary<string, double> Compute(IReadOnlyList<string> predictions, IReadOnlyList<string> references) =>
            new Dictionary<string, double> { ["exact"] = predictions.Zip(references).Count(p => p.First == p.Second) / (double)predictions.Count };

        public void Prepare(IReadOnlyList<string> references) => Prepared.Add(references);
    }

    [Fact]
    public void Prepared_labels_score_as_labels_decoded_at_the_end()
    {
        var tokenizer = T5Tokenizer.Load(WorkflowRun.Fixture("tiny-trained"));
        var texts = new[] { "a small tool", "convert files", "library for images" };
        var examples = texts.Select(t => new Seq2SeqExample([5, 1], [.. tokenizer.Encode(t, 32), -100, -100], t)).ToList();
        int[][] predictions = [tokenizer.Encode("a small tool", 32), tokenizer.Encode("something else", 32), tokenizer.Encode("library for images", 32)];

        var plain = new PredictionScorer(tokenizer, new ExactMatch()).Score(predictions, examples);
        var metric = new ExactMatch();
        var scorer = new PredictionScorer(tokenizer, metric);
        scorer.Prepare(examples);
        var prepared = scorer.Score(predictions, examples);

        Assert.Equal(plain, prepared);
        Assert.Equal(Math.Round(2 / 3.0, 4), prepared["exact"]);
        Assert.Equal(texts, Assert.Single(metric.Prepared));
        // another example list is decoded for itself, not taken for the prepared one
        var others = examples.Take(2).ToList();
        Assert.Equal(0.5, scorer.Score(predictions[..2], others)["exact"]);
    }
}
