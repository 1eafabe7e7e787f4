namespace HfTrain.Abstractions;

/// <summary>
/// A task (summarization, translation, a third party's own): what it is, its options, how rows become
/// examples and how predictions are scored. It never sees the trainer, the optimizer, ranks or files.
/// Exactly one public, parameterless class per plugin assembly implements it.
/// </summary>
public interface ITaskPlugin
{
    /// <summary>Name (the CLI command), version and one-line description.</summary>
    TaskDescriptor Descriptor { get; }

    /// <summary>The task's own options (ModelArguments/DataTrainingArguments of the HF script).</summary>
    IReadOnlyList<TaskOption> Options { get; }

    /// <summary>Turns raw rows into token ids for the given options and tokenizer. The builder's context holds the task's
    /// own <see cref="Options"/> only (not the training options): the host keys its tokenized-data cache on all of them
    /// and on the plugin assembly's build, so a builder never reads a value the cache key misses.</summary>
    IExampleBuilder CreateExampleBuilder(TaskContext context);

    /// <summary>Scores decoded predictions against references.</summary>
    IMetric CreateMetric(TaskContext context);
}
