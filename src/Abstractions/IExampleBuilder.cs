namespace HfTrain.Abstractions;

/// <summary>Turns one raw row into a training/evaluation example, or drops it.</summary>
public interface IExampleBuilder
{
    /// <summary>Checks the columns before any row is read; throws <see cref="TaskInputException"/> naming the
    /// missing column and the columns that exist.</summary>
    void ValidateColumns(IReadOnlyList<string> columns, string source);

    /// <summary>The example for <paramref name="row"/>, or null to drop it (e.g. empty text or target).</summary>
    Seq2SeqExample? Build(DataRow row, DataSplit split);
}

/// <summary>Which split a row comes from; evaluation splits use <c>val_max_target_length</c>.</summary>
public enum DataSplit
{
    /// <summary>The training split (<c>train_file</c>, or the dataset's train split).</summary>
    Train,

    /// <summary>The evaluation split (<c>validation_file</c>, or the dataset's validation split).</summary>
    Validation,

    /// <summary>The prediction split (<c>test_file</c>, or the dataset's test split).</summary>
    Test,
}

/// <summary>Token ids of one example. <paramref name="Reference"/> is the target text, kept for metrics.</summary>
public sealed record Seq2SeqExample(int[] InputIds, int[] Labels, string Reference);
