namespace HfTrain.Abstractions;

/// <summary>
/// Optional, for a plugin whose head is <see cref="ModelHead.SequenceClassification"/>: its label set and problem type.
/// Without it the host collects the labels from the data and sorts them, as run_classification.py does.
/// </summary>
/// <remarks>
/// An example's <see cref="Seq2SeqExample.Reference"/> is its label as the data holds it: a label name (numbers in
/// invariant text, "3"); for a list (multi-label) a JSON array of names (<c>["net","web"]</c>); for a float
/// (regression) its value with a decimal point or exponent (<c>"2.0"</c>, <c>"0.25"</c>). The metric then receives
/// what transformers' EvalPrediction holds: label ids ("3"), multi-hot rows ("[0, 1, 1]") or values ("0.25").
/// </remarks>
public interface IClassificationTask
{
    /// <summary>Label names in id order, or null to let the host collect them from the data (train, then labels seen
    /// only in validation or test added, sorted ordinally).</summary>
    IReadOnlyList<string>? Labels(TaskContext context);

    /// <summary>transformers' problem_type: "single_label_classification", "multi_label_classification" or
    /// "regression"; or null to decide from the training labels as run_classification.py does (lists: multi-label;
    /// floats: regression; else single-label). Single-label with list labels is multi-label still, as there.</summary>
    string? ProblemType(TaskContext context);
}
