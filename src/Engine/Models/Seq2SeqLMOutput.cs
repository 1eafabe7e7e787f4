using static TorchSharp.torch;

namespace HfTrain.Engine.Models;

/// <summary>Loss (null without labels) and logits [B, T, V] of one forward pass.</summary>
public sealed record Seq2SeqLMOutput(Tensor? Loss, Tensor Logits);
