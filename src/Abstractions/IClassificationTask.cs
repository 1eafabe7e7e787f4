namespace HfTrain.Abstractions;

/// <summary>
/// Optional, for a plugin whose head is <see cref="ModelHead.SequenceClassification"/>: its label set and problem type.
/// Without it the host collects the labels from the training split and sorts them, as run_classification.py does.
/// </summary>
public interface IClassificationTask
{
    /// <summary>Label names in id order, or null to let the host collect them from the training split (sorted,
    /// ordinal).</summary>
    IReadOnlyList<string>? Labels(TaskContext context);

    /// <summary>transformers' problem_type: "single_label_classification", "multi_label_classification" or
    /// "regression".</summary>
    string ProblemType(TaskContext context);
}
