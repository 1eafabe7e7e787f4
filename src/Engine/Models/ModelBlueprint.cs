namespace HfTrain.Engine.Models;

/// <summary>A model read from its config but not built yet: the ids the run needs before the weights exist, and
/// how to build it with fresh weights (training from scratch).</summary>
public sealed record ModelBlueprint(ModelTokens Tokens, Func<ISeq2SeqModel> CreateNew);
