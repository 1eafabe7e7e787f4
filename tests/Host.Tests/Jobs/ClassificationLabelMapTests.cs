using HfTrain.Abstractions;
using HfTrain.Engine.Models;
using HfTrain.Host.Jobs;

namespace HfTrain.Host.Tests.Jobs;

/// <summary>run_classification.py's label handling: problem type from the labels, the label list as sorted str, labels
/// only in validation/test added with a warning, and what the metric and predict_results.txt receive.</summary>
public sealed class ClassificationLabelMapTests
{
    static Seq2SeqExample Example(string reference) => new([1], [], reference);

    static List<Seq2SeqExample> Examples(params string[] references) => references.Select(Example).ToList();

    [Theory]
    [InlineData(null, new[] { "a", "b" }, ClassifierLabels.SingleLabel)]
    [InlineData(null, new[] { "1", "2" }, ClassifierLabels.SingleLabel)]             // integers are class names
    [InlineData(null, new[] { "1", "2.5" }, ClassifierLabels.Regression)]            // a float column
    [InlineData(ClassifierLabels.SingleLabel, new[] { "1.0", "2.5" }, ClassifierLabels.SingleLabel)] // --do_regression false
    [InlineData(ClassifierLabels.Regression, new[] { "1", "2" }, ClassifierLabels.Regression)]       // --do_regression true
    [InlineData(null, new[] { "[\"a\",\"b\"]", "[]" }, ClassifierLabels.MultiLabel)]
    [InlineData(ClassifierLabels.SingleLabel, new[] { "[\"a\"]" }, ClassifierLabels.MultiLabel)] // lists win, as in the script
    public void The_problem_type_follows_the_training_labels(string? declared, string[] references, string expected) =>
        Assert.Equal(expected, ClassificationLabelMap.ProblemType(declared, Examples(references), null));

    [Fact]
    public void Labels_sort_as_python_sorts_str_and_labels_only_in_other_splits_are_added_with_a_warning()
    {
        var warnings = new List<string>();
        var names = ClassificationLabelMap.Collect(ClassifierLabels.SingleLabel, ["2", "10", "1", "2"],
            [("validation", ["3", "10"]), ("test", [""])], warnings.Add);
        Assert.Equal(["1", "10", "2", "3"], names);
        Assert.Equal("Labels {'3'} in validation set but not in training set, adding them to the label list", Assert.Single(warnings));
    }

    [Fact]
    public void One_label_is_refused_as_the_script_refuses_it()
    {
        var e = Assert.Throws<TaskInputException>(() => ClassificationLabelMap.Collect(ClassifierLabels.SingleLabel, ["a", "a"], [], _ => { }));
        Assert.Contains("You need more than one label", e.Message);
    }

    [Fact]
    public void Multi_label_references_become_multi_hot_rows_and_predictions_python_lists()
    {
        var names = ClassificationLabelMap.Collect(ClassifierLabels.MultiLabel, ["[\"net\",\"web\"]", "[\"admin\"]"], [], _ => { });
        Assert.Equal(["admin", "net", "web"], names);
        var map = new ClassificationLabelMap(new ClassifierLabels(names, ClassifierLabels.MultiLabel));
        var applied = map.Apply(Examples("[\"web\",\"net\"]", "[]"), "train", labelsRequired: true);
        Assert.Equal([0, 1, 1], applied[0].Labels);
        Assert.Equal([0, 0, 0], applied[1].Labels);
        Assert.Equal("[0, 1, 1]", map.MetricText(applied[0].Labels));
        Assert.Equal("['net', 'web']", map.PredictionText([0, 1, 1]));
        Assert.Equal("[]", map.PredictionText([0, 0, 0]));
    }

    [Fact]
    public void Regression_values_travel_as_float32_and_print_with_three_decimals()
    {
        var map = new ClassificationLabelMap(new ClassifierLabels(["LABEL_0"], ClassifierLabels.Regression));
        var applied = map.Apply(Examples("0.25", "3"), "train", labelsRequired: true);
        Assert.Equal("0.25", map.MetricText(applied[0].Labels));
        Assert.Equal("3.0", map.MetricText(applied[1].Labels));
        Assert.Equal("0.250", map.PredictionText(applied[0].Labels));
        var e = Assert.Throws<TaskInputException>(() => map.Apply(Examples("high"), "validation", labelsRequired: true));
        Assert.Contains("Label 'high' in the validation set is not a number", e.Message);
    }

    [Fact]
    public void Single_label_metric_text_is_the_label_id_and_the_prediction_its_name()
    {
        var map = new ClassificationLabelMap(new ClassifierLabels(["neg", "pos"], ClassifierLabels.SingleLabel));
        var applied = map.Apply(Examples("pos"), "train", labelsRequired: true);
        Assert.Equal("1", map.MetricText(applied[0].Labels));
        Assert.Equal("pos", map.PredictionText(applied[0].Labels));
        var e = Assert.Throws<TaskInputException>(() => map.Apply(Examples("maybe"), "validation", labelsRequired: true));
        Assert.Contains("Label 'maybe' is in the validation set but not in the label list", e.Message);
    }
}
