namespace HfTrain.Engine.Models;

/// <summary>A classifier's labels and transformers' problem_type ("single_label_classification",
/// "multi_label_classification" or "regression"); config.json's id2label / label2id / problem_type.</summary>
public sealed record ClassifierLabels(IReadOnlyList<string> Names, string ProblemType)
{
    public const string SingleLabel = "single_label_classification";
    public const string MultiLabel = "multi_label_classification";
    public const string Regression = "regression";

    public int Count => Names.Count;
}
