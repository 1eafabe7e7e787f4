using System.Reflection;
using HfTrain.Abstractions;

namespace Acme.Headline;

/// <summary>
/// The headline task: write a short target text (a headline, a summary) for a source text. Loaded by hf-train from
/// the folder Acme.Headline/Acme.Headline.dll; exactly one public class with a parameterless constructor implements
/// <see cref="ITaskPlugin"/>.
/// </summary>
public sealed class Plugin : ITaskPlugin
{
    /// <inheritdoc />
    public TaskDescriptor Descriptor { get; } = new(
        "headline",
        typeof(Plugin).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0],
        "Fine-tune a seq2seq model to write a short target text for a source text; exact match and word F1.",
        ModelHead.Seq2SeqLM);

    /// <summary>
    /// The Seq2SeqLM head reads the standard options (model, data files, lengths, source_prefix), so both sets are
    /// listed; the task's own options go between them. Names must not clash with the training options (--seed …),
    /// and each default has its kind's type (String: string, Int: int, Float: double, Bool: bool) or is null.
    /// </summary>
    public IReadOnlyList<TaskOption> Options { get; } =
    [
        .. StandardOptions.Model,
        new("text_column", OptionKind.String, "document", "The column with the source texts."),
        new("target_column", OptionKind.String, "summary", "The column with the target texts."),
        new("lowercase", OptionKind.Bool, false, "Lower-case sources and targets before tokenizing (the metric then compares lower-cased text)."),
        .. StandardOptions.Seq2SeqData,
    ];

    /// <inheritdoc />
    public IExampleBuilder CreateExampleBuilder(TaskContext context) => new ExampleBuilder(context);

    /// <inheritdoc />
    public IMetric CreateMetric(TaskContext context) => new WordOverlapMetric();
}
