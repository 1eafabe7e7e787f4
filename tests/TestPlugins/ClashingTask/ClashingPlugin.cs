using HfTrain.Abstractions;

namespace ClashingTask;

/// <summary>
/// A broken task: an option named <c>seed</c> (hf-train's training option), an Int option with a string default,
/// and no <see cref="StandardOptions.Seq2SeqData"/> although its Seq2SeqLM head reads them.
/// </summary>
public sealed class ClashingPlugin : ITaskPlugin
{
    public TaskDescriptor Descriptor { get; } = new("clash", "0.1.0", "A plugin the host must refuse (a test plugin).", ModelHead.Seq2SeqLM);

    public IReadOnlyList<TaskOption> Options { get; } =
    [
        .. StandardOptions.Model,
        new("seed", OptionKind.Int, 7, "Clashes with the training option --seed."),
        new("max_words", OptionKind.Int, "10", "A default of the wrong type."),
    ];

    public IExampleBuilder CreateExampleBuilder(TaskContext context) => throw new NotSupportedException("never loaded");

    public IMetric CreateMetric(TaskContext context) => throw new NotSupportedException("never loaded");
}
