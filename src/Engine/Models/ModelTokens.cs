namespace HfTrain.Engine.Models;

/// <summary>A model config's special token ids: what batches (labels shifted right), the loss and generation need.</summary>
public sealed record ModelTokens(int PadTokenId, int EosTokenId, int DecoderStartTokenId);
