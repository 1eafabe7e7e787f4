using System.Reflection;
using HfTrain.Abstractions;

namespace HfTrain.Plugins.Classification;

/// <summary>
/// run_classification.py as a plugin: its DataTrainingArguments, its preprocessing (text columns joined, the label
/// column read as the label name) and its metrics (accuracy by default; multi-label F1 for list labels, mse for
/// regression). The head is T5ForSequenceClassification; the labels are collected by the host from the data, sorted,
/// and the problem type follows the label column (lists, floats) or --do_regression, as the script does.
/// </summary>
public sealed class ClassificationPlugin : ITaskPlugin, IClassificationTask
{
    public TaskDescriptor Descriptor { get; } = new(
        "classification",
        typeof(ClassificationPlugin).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0],
        "Fine-tune T5 with a classification head (T5ForSequenceClassification) to label texts; accuracy (run_classification.py).",
        ModelHead.SequenceClassification);

    static readonly string[] DataFiles = ["dataset_name", "dataset_config_name", "train_file", "validation_file", "test_file",
        "overwrite_cache", "preprocessing_num_workers", "max_train_samples", "max_eval_samples", "max_predict_samples"];

    public IReadOnlyList<TaskOption> Options { get; } =
    [
        .. StandardOptions.Model,
        .. StandardOptions.Seq2SeqData.Where(o => DataFiles.Contains(o.Name)),
        new("text_column_names", OptionKind.String, null, "The text column(s), comma-separated; several are joined with text_column_delimiter (default: \"sentence\")."),
        new("text_column_delimiter", OptionKind.String, " ", "The delimiter that joins several text columns."),
        new("label_column_name", OptionKind.String, "label", "The column with the labels."),
        new("remove_splits", OptionKind.String, null, "Splits to leave out, comma-separated (e.g. \"test\")."),
        new("remove_columns", OptionKind.String, null, "Columns to leave out, comma-separated; a text or label column cannot be one."),
        new("shuffle_train_dataset", OptionKind.Bool, false, "Shuffle the training rows before max_train_samples is applied (the trainer shuffles every epoch anyway)."),
        new("shuffle_seed", OptionKind.Int, 42, "The seed of that shuffle."),
        new("max_seq_length", OptionKind.Int, 128, "The maximum input length in tokens after tokenization; longer inputs are truncated."),
        new("pad_to_max_length", OptionKind.Bool, true, "Pad every sample to max_seq_length instead of padding each batch to its longest sample."),
        new("metric_name", OptionKind.String, null, "The metric: accuracy (default), f1, precision or recall (average \"binary\", two labels only; \"micro\" for multi-label, where f1 is the default), or mse (regression, the default there)."),
        new("do_regression", OptionKind.Bool, null, "Treat the task as regression (one output, MSE loss); by default when the labels are floats."),
    ];

    public IExampleBuilder CreateExampleBuilder(TaskContext context) => new ClassificationExampleBuilder(context);

    public IMetric CreateMetric(TaskContext context) => Metrics.LabelMetric.Create(context.Options["metric_name"] as string);

    /// <summary>Collected by the host from the data.</summary>
    public IReadOnlyList<string>? Labels(TaskContext context) => null;

    /// <summary>--do_regression true or false decides; unset, the labels do (run_classification.py's default).</summary>
    public string? ProblemType(TaskContext context) => (context.Options["do_regression"] as bool?) switch
    {
        true => "regression",
        false => "single_label_classification",
        null => null,
    };
}
