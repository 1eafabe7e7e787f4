namespace HfTrain.Abstractions;

/// <summary>What a plugin is. <paramref name="Head"/> names the model head the task trains.</summary>
public sealed record TaskDescriptor(string Name, string Version, string Description, ModelHead Head);

/// <summary>Model heads the engine can build. New heads are added, never renamed.</summary>
public enum ModelHead
{
    /// <summary>Encoder–decoder language model (T5 and friends), trained with teacher forcing.</summary>
    Seq2SeqLM,

    /// <summary>Sequence classification (T5ForSequenceClassification): the text's label among a fixed set. The example's
    /// <see cref="Seq2SeqExample.Reference"/> is the label name; its <see cref="Seq2SeqExample.Labels"/> are left to the
    /// host, which maps the name to its id. A plugin declares the label set with <see cref="IClassificationTask"/>.</summary>
    SequenceClassification,
}
