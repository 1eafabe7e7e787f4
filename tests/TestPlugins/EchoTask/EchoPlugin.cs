using HfTrain.Abstractions;

namespace EchoTask;

/// <summary>A minimal third-party task: the target is the source text, the metric counts exact matches.</summary>
public sealed class EchoPlugin : ITaskPlugin
{
    public TaskDescriptor Descriptor { get; } = new("echo", "2.3.4", "Copy the input text (a test plugin).", ModelHead.Seq2SeqLM);

    public IReadOnlyList<TaskOption> Options { get; } =
    [
        .. StandardOptions.Model,
        new("echo_column", OptionKind.String, "text", "The column to copy."),
        .. StandardOptions.Seq2SeqData,
    ];

    public IExampleBuilder CreateExampleBuilder(TaskContext context) => new Builder(context);

    public IMetric CreateMetric(TaskContext context) => new ExactMatch();

    sealed class Builder(TaskContext context) : IExampleBuilder
    {
        string Column => context.Options["echo_column"] as string ?? "text";

        public void ValidateColumns(IReadOnlyList<string> columns, string source)
        {
            if (!columns.Contains(Column))
                throw new TaskInputException($"{source} has no column '{Column}'.");
        }

        public Seq2SeqExample? Build(DataRow row, DataSplit split) =>
            row.Text(Column) is { Length: > 0 } text
                ? new Seq2SeqExample(context.Tokenizer.Encode(text, 64), context.Tokenizer.Encode(text, 64), text)
                : null;
    }

    sealed class ExactMatch : IMetric
    {
        public IReadOnlyDictionary<string, double> Compute(IReadOnlyList<string> predictions, IReadOnlyList<string> references) =>
            new Dictionary<string, double> { ["exact_match"] = predictions.Zip(references).Count(p => p.First == p.Second) / (double)Math.Max(1, predictions.Count) };
    }
}
