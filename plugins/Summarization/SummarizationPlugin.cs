using System.Reflection;
using HfTrain.Abstractions;

namespace HfTrain.Plugins.Summarization;

/// <summary>
/// run_summarization.py as a plugin: its ModelArguments and DataTrainingArguments, its preprocessing and ROUGE.
/// </summary>
public sealed class SummarizationPlugin : ITaskPlugin
{
    public TaskDescriptor Descriptor { get; } = new(
        "summarization",
        typeof(SummarizationPlugin).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0],
        "Fine-tune a seq2seq model (T5) to summarize text; ROUGE metrics (run_summarization.py).",
        ModelHead.Seq2SeqLM);

    public IReadOnlyList<TaskOption> Options { get; } =
    [
        .. StandardOptions.Model,
        new("lang", OptionKind.String, null, "Language id for summarization (multilingual models only; not used by T5)."),
        new("text_column", OptionKind.String, null, "The column with the full texts (default: from the known-dataset table, else the first column)."),
        new("summary_column", OptionKind.String, null, "The column with the summaries (default: from the known-dataset table, else the second column)."),
        .. StandardOptions.Seq2SeqData,
    ];

    public IExampleBuilder CreateExampleBuilder(TaskContext context) => new SummarizationExampleBuilder(context);

    public IMetric CreateMetric(TaskContext context) => new Metrics.RougeMetric();
}
