using HfTrain.Abstractions;

namespace HfTrain.Data.Hub;

/// <summary>File/folder keywords of each split, as the <c>datasets</c> library's data-files patterns accept them
/// (train/training; validation/valid/val/dev; test/testing/eval/evaluation).</summary>
public static class SplitNames
{
    public static IReadOnlyList<string> Keywords(DataSplit split) => split switch
    {
        DataSplit.Train => ["train", "training"],
        DataSplit.Validation => ["validation", "valid", "val", "dev"],
        _ => ["test", "testing", "eval", "evaluation"],
    };

    /// <summary>The split's canonical name ("train", "validation", "test").</summary>
    public static string Canonical(DataSplit split) => Keywords(split)[0];
}
