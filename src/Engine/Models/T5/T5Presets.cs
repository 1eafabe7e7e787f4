namespace HfTrain.Engine.Models.T5;

/// <summary>
/// Architectures by name for training from scratch, copied from the config.json files on the Hugging Face Hub
/// (google-t5/t5-small, t5-base, t5-large; google/flan-t5-small, flan-t5-base). Weights are not included.
/// </summary>
public static class T5Presets
{
    private static readonly T5Config T5Small = new()
    {
        VocabSize = 32128, DModel = 512, DKv = 64, DFf = 2048, NumLayers = 6, NumHeads = 8,
        FeedForwardProj = "relu", TieWordEmbeddings = true, DropoutRate = 0.1, DecoderStartTokenIdOrNull = 0,
    };

    private static readonly T5Config FlanT5Small = new()
    {
        VocabSize = 32128, DModel = 512, DKv = 64, DFf = 1024, NumLayers = 8, NumDecoderLayersOrNull = 8, NumHeads = 6,
        FeedForwardProj = "gated-gelu", TieWordEmbeddings = false, DropoutRate = 0.1, DecoderStartTokenIdOrNull = 0,
    };

    /// <summary>The names <see cref="Get"/> accepts, in a stable order (for help text).</summary>
    public static IReadOnlyList<string> Names { get; } = ["t5-small", "t5-base", "t5-large", "flan-t5-small", "flan-t5-base"];

    public static T5Config Get(string name) => name.ToLowerInvariant() switch
    {
        "t5-small" => T5Small,
        "t5-base" => T5Small with { DModel = 768, DFf = 3072, NumLayers = 12, NumHeads = 12 },
        "t5-large" => T5Small with { DModel = 1024, DFf = 4096, NumLayers = 24, NumHeads = 16 },
        "flan-t5-small" => FlanT5Small,
        "flan-t5-base" => FlanT5Small with { DModel = 768, DFf = 2048, NumLayers = 12, NumDecoderLayersOrNull = 12, NumHeads = 12 },
        _ => throw new ArgumentException(
            $"Unknown model preset \"{name}\"; use one of {string.Join(", ", Names)} or a directory with config.json.", nameof(name)),
    };

    /// <summary>A preset with its vocabulary resized to a tokenizer's (rounded as the caller decides).</summary>
    public static T5Config Get(string name, int vocabSize) => Get(name) with { VocabSize = vocabSize };
}
