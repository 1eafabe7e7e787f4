namespace HfTrain.Abstractions;

/// <summary>What a plugin is. <paramref name="Head"/> names the model head the task trains.</summary>
public sealed record TaskDescriptor(string Name, string Version, string Description, ModelHead Head);

/// <summary>Model heads the engine can build. New heads are added, never renamed.</summary>
public enum ModelHead
{
    /// <summary>Encoder–decoder language model (T5 and friends), trained with teacher forcing.</summary>
    Seq2SeqLM,
}
