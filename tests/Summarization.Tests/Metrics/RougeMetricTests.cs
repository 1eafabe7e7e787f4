using HfTrain.Abstractions;
using HfTrain.Plugins.Summarization.Metrics;

namespace HfTrain.Plugins.Summarization.Tests.Metrics;

public sealed class RougeMetricTests
{
    [Fact]
    public void Reports_mean_f_times_100_rounded_to_4_places()
    {
        // pair 1 is the hand-checked case (rouge1 10/11, rouge2 2/3, rougeL 10/11); pair 2 is a perfect match (1)
        var metrics = new RougeMetric().Compute(
            ["the cat on the mat", "  Same words.  "],
            ["the cat sat on the mat", "same words"]);
        Assert.Equal(["rouge1", "rouge2", "rougeL", "rougeLsum"], metrics.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Math.Round((10.0 / 11 + 1) / 2 * 100, 4), metrics["rouge1"]);
        Assert.Equal(83.3333, metrics["rouge2"]);
        Assert.Equal(95.4545, metrics["rougeL"]);
        Assert.Equal(95.4545, metrics["rougeLsum"]);
    }

    [Fact]
    public void Splits_sentences_before_rougeLsum()
    {
        // one line each, but two sentences in swapped order: rougeLsum sees two lines per side, rougeL does not
        var metrics = new RougeMetric().Compute(["Cc dd. Aa bb."], ["Aa bb. Cc dd."]);
        Assert.Equal(50.0, metrics["rougeL"]);
        Assert.Equal(100.0, metrics["rougeLsum"]);
    }

    [Fact]
    public void Prepared_references_give_the_same_scores_and_other_lists_are_not_mistaken_for_them()
    {
        string[] predictions = ["the cat on the mat", "Cc dd. Aa bb.", "running dogs"];
        string[] references = ["the cat sat on the mat", "Aa bb. Cc dd.", "a dog runs"];
        var plain = new RougeMetric().Compute(predictions, references);
        IMetric prepared = new RougeMetric();
        prepared.Prepare(references);
        Assert.Equal(plain, prepared.Compute(predictions, references));
        // an equal-looking but different list is scored from its own text
        string[] other = ["the cat on the mat", "Cc dd. Aa bb.", "running dogs"];
        Assert.Equal(new RougeMetric().Compute(predictions, other), prepared.Compute(predictions, other));
        Assert.Equal(100.0, prepared.Compute(predictions, other)["rouge1"]);
    }

    [Fact]
    public void Different_counts_are_a_user_error()
    {
        var error = Assert.Throws<TaskInputException>(() => new RougeMetric().Compute(["a"], ["a", "b"]));
        Assert.Contains("1 predictions and 2 references", error.Message, StringComparison.Ordinal);
    }
}
