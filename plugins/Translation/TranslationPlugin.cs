using System.Reflection;
using HfTrain.Abstractions;

namespace HfTrain.Plugins.Translation;

/// <summary>
/// run_translation.py as a plugin: its ModelArguments and DataTrainingArguments, its preprocessing, sacreBLEU and chrF.
/// </summary>
public sealed class TranslationPlugin : ITaskPlugin
{
    public TaskDescriptor Descriptor { get; } = new(
        "translation",
        typeof(TranslationPlugin).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0],
        "Fine-tune a seq2seq model (T5) to translate; sacreBLEU and chrF metrics (run_translation.py).",
        ModelHead.Seq2SeqLM);

    public IReadOnlyList<TaskOption> Options { get; } =
    [
        .. StandardOptions.Model,
        new("source_lang", OptionKind.String, null, "Source language id for translation (e.g. en)."),
        new("target_lang", OptionKind.String, null, "Target language id for translation (e.g. de)."),
        .. StandardOptions.Seq2SeqData,
    ];

    public IExampleBuilder CreateExampleBuilder(TaskContext context) => new TranslationExampleBuilder(context);

    public IMetric CreateMetric(TaskContext context) => new Metrics.SacreBleuMetric();
}
