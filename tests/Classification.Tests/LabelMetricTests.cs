using HfTrain.Abstractions;
using HfTrain.Plugins.Classification.Metrics;

namespace HfTrain.Plugins.Classification.Tests;

/// <summary>
/// run_classification.py's metrics as `evaluate` computes them (sklearn): each expected number is worked out by hand
/// from sklearn's definitions in the comment above it.
/// </summary>
public sealed class LabelMetricTests
{
    static double Score(string? metric, string[] predictions, string[] references) =>
        LabelMetric.Create(metric).Compute(predictions, references).Single().Value;

    // ids: references 1 1 1 0 0 1, predictions 1 0 1 1 0 0 → tp 2 (rows 0, 2), fp 1 (row 3), fn 2 (rows 1, 5); 3 of 6 equal
    static readonly string[] BinaryReferences = ["1", "1", "1", "0", "0", "1"];
    static readonly string[] BinaryPredictions = ["1", "0", "1", "1", "0", "0"];

    [Theory]
    [InlineData(null, 0.5)]                       // accuracy by default: 3 / 6
    [InlineData("accuracy", 0.5)]
    [InlineData("precision", 2.0 / 3)]            // tp / (tp + fp) = 2 / 3
    [InlineData("recall", 0.5)]                   // tp / (tp + fn) = 2 / 4
    [InlineData("f1", 4.0 / 7)]                   // 2tp / (2tp + fp + fn) = 4 / 7
    public void Single_label_binary_metrics_average_binary_with_label_id_1_positive(string? metric, double expected) =>
        Assert.Equal(expected, Score(metric, BinaryPredictions, BinaryReferences), 12);

    [Fact]
    public void The_key_is_the_metric_name_and_the_default_is_accuracy() =>
        Assert.Equal("accuracy", LabelMetric.Create(null).Compute(["0"], ["0"]).Single().Key);

    [Fact]
    public void Binary_f1_without_any_positive_is_zero_as_sklearn_zero_division() =>
        Assert.Equal(0, Score("f1", ["0", "0"], ["0", "0"]));

    [Fact]
    public void Binary_averaging_refuses_more_than_two_labels_as_sklearn_does()
    {
        var e = Assert.Throws<TaskInputException>(() => Score("f1", ["0", "1", "2"], ["0", "1", "1"]));
        Assert.Contains("Target is multiclass but average='binary'", e.Message);
        Assert.Contains("--metric_name accuracy", e.Message);
    }

    [Fact]
    public void Binary_averaging_refuses_two_labels_without_id_1()
    {
        var e = Assert.Throws<TaskInputException>(() => Score("precision", ["0", "2"], ["2", "2"]));
        Assert.Contains("pos_label=1 is not a valid label", e.Message);
    }

    // multi-hot rows: references [1,0,1] [0,1,0], predictions [1,1,0] [0,1,1]
    // cells: tp (0,0) (1,1) = 2; fp (0,1) (1,2) = 2; fn (0,2) = 1
    static readonly string[] MultiReferences = ["[1, 0, 1]", "[0, 1, 0]"];
    static readonly string[] MultiPredictions = ["[1, 1, 0]", "[0, 1, 1]"];

    [Theory]
    [InlineData(null, 4.0 / 7)]                   // multilabel F1 by default, micro: 2·2 / (2·2 + 2 + 1)
    [InlineData("f1", 4.0 / 7)]
    [InlineData("precision", 0.5)]                // 2 / (2 + 2)
    [InlineData("recall", 2.0 / 3)]               // 2 / (2 + 1)
    public void Multi_label_metrics_average_micro_over_every_cell(string? metric, double expected) =>
        Assert.Equal(expected, Score(metric, MultiPredictions, MultiReferences), 12);

    [Fact]
    public void Multi_label_default_metric_is_named_f1() =>
        Assert.Equal("f1", LabelMetric.Create(null).Compute(MultiPredictions, MultiReferences).Single().Key);

    [Fact]
    public void Multi_label_accuracy_is_refused_because_evaluate_takes_no_average_there()
    {
        var e = Assert.Throws<TaskInputException>(() => Score("accuracy", MultiPredictions, MultiReferences));
        Assert.Contains("average=\"micro\"", e.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("mse")]
    public void Regression_scores_mean_squared_error(string? metric)
    {
        // (1.5 − 1)² + (2 − 2)² + (2.5 − 3.5)² = 0.25 + 0 + 1 = 1.25, over 3 rows
        var result = LabelMetric.Create(metric).Compute(["1.5", "2.0", "2.5"], ["1.0", "2.0", "3.5"]).Single();
        Assert.Equal("mse", result.Key);
        Assert.Equal(1.25 / 3, result.Value, 12);
    }

    [Fact]
    public void Regression_refuses_a_classification_metric()
    {
        var e = Assert.Throws<TaskInputException>(() => Score("f1", ["1.5"], ["1.0"]));
        Assert.Contains("regression", e.Message);
    }

    [Fact]
    public void An_unknown_metric_name_is_refused_with_the_choices()
    {
        var e = Assert.Throws<TaskInputException>(() => LabelMetric.Create("auc"));
        Assert.Contains("accuracy, f1, precision, recall or mse", e.Message);
    }
}
