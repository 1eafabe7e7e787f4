using HfTrain.Abstractions;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HfTrain.Engine.Formats;

namespace HfTrain.Engine.Models.T5;

/// <summary>
/// The fields of Hugging Face's <c>T5Config</c> (configuration_t5.py) that shape the model, read from and written
/// to config.json. Fields we do not model are kept in <see cref="Extra"/> and written back unchanged.
/// </summary>
public sealed record T5Config
{
    public int VocabSize { get; init; } = 32128;
    public int DModel { get; init; } = 512;
    public int DKv { get; init; } = 64;
    public int DFf { get; init; } = 2048;
    public int NumLayers { get; init; } = 6;
    /// <summary>Decoder depth; config.json may omit it, then it equals <see cref="NumLayers"/>.</summary>
    public int? NumDecoderLayersOrNull { get; init; }
    public int NumHeads { get; init; } = 8;
    public int RelativeAttentionNumBuckets { get; init; } = 32;
    public int RelativeAttentionMaxDistance { get; init; } = 128;
    public double DropoutRate { get; init; } = 0.1;
    public double ClassifierDropout { get; init; }
    public double LayerNormEpsilon { get; init; } = 1e-6;
    public double InitializerFactor { get; init; } = 1.0;
    /// <summary>"relu", "gated-gelu", or "[gated-]ACT" as transformers accepts it.</summary>
    public string FeedForwardProj { get; init; } = "relu";
    public bool TieWordEmbeddings { get; init; } = true;
    /// <summary>transformers 5 writes it; older configs lack it (then <see cref="ScaleDecoderOutputs"/> follows the tie).</summary>
    public bool? ScaleDecoderOutputsOrNull { get; init; }
    public int PadTokenId { get; init; }
    public int EosTokenId { get; init; } = 1;
    public int? DecoderStartTokenIdOrNull { get; init; }
    public bool UseCache { get; init; } = true;
    /// <summary>Fields of config.json this record does not model (architectures, dtype, transformers_version, ...).</summary>
    public JsonObject Extra { get; init; } = new();

    public int NumDecoderLayers => NumDecoderLayersOrNull ?? NumLayers;
    public int InnerDim => NumHeads * DKv;
    public bool IsGatedAct => FeedForwardProj.Split('-')[0] == "gated";
    public int DecoderStartTokenId => DecoderStartTokenIdOrNull ?? PadTokenId;

    /// <summary>The special ids the engine and generation need.</summary>
    public ModelTokens Tokens => new(PadTokenId, EosTokenId, DecoderStartTokenId);

    /// <summary>configuration_t5.py: the activation is the last part of feed_forward_proj; "gated-gelu" means gelu_new.</summary>
    public string DenseActFn => FeedForwardProj == "gated-gelu" ? "gelu_new" : FeedForwardProj.Split('-')[^1];

    /// <summary>
    /// Whether the decoder output is multiplied by d_model^-0.5 before the head: <c>scale_decoder_outputs</c> when
    /// config.json has it, else (transformers 4.x rule) whenever <c>tie_word_embeddings</c> is not false.
    /// </summary>
    public bool ScaleDecoderOutputs => ScaleDecoderOutputsOrNull ?? TieWordEmbeddings;

    public static T5Config Load(string path)
    {
        if (!File.Exists(path))
            throw new TaskInputException($"{path} not found: a T5 model directory needs a config.json (as transformers' save_pretrained writes it).");
        return FromJson(JsonFile.ReadObject(path, "fix or regenerate config.json"), path);
    }

    public static T5Config FromJson(JsonObject json, string source = "config.json")
    {
        var c = new JsonFieldReader(json, source);
        var config = new T5Config
        {
            VocabSize = c.Int("vocab_size", 32128),
            DModel = c.Int("d_model", 512),
            DKv = c.Int("d_kv", 64),
            DFf = c.Int("d_ff", 2048),
            NumLayers = c.Int("num_layers", 6),
            NumDecoderLayersOrNull = c.IntOrNull("num_decoder_layers"),
            NumHeads = c.Int("num_heads", 8),
            RelativeAttentionNumBuckets = c.Int("relative_attention_num_buckets", 32),
            RelativeAttentionMaxDistance = c.Int("relative_attention_max_distance", 128),
            DropoutRate = c.Double("dropout_rate", 0.1),
            ClassifierDropout = c.Double("classifier_dropout", 0.0),
            LayerNormEpsilon = c.Double("layer_norm_epsilon", 1e-6),
            InitializerFactor = c.Double("initializer_factor", 1.0),
            FeedForwardProj = c.String("feed_forward_proj", "relu"),
            TieWordEmbeddings = c.Bool("tie_word_embeddings", true),
            ScaleDecoderOutputsOrNull = c.BoolOrNull("scale_decoder_outputs"),
            PadTokenId = c.Int("pad_token_id", 0),
            EosTokenId = c.FirstInt("eos_token_id", 1),
            DecoderStartTokenIdOrNull = c.IntOrNull("decoder_start_token_id"),
            UseCache = c.Bool("use_cache", true),
            Extra = c.Rest(),
        };
        config.Validate(source);
        return config;
    }

    /// <summary>Throws with the offending field named when the shapes cannot build a model.</summary>
    public void Validate(string source = "config")
    {
        string[] acts = ["relu", "gelu_new", "gelu", "silu", "gelu_pytorch_tanh"];
        string[] parts = FeedForwardProj.Split('-');
        if (parts.Length > 2 || (parts.Length == 2 && parts[0] != "gated") || !acts.Contains(DenseActFn))
            throw new TaskInputException($"{source}: feed_forward_proj \"{FeedForwardProj}\" is not supported; use \"relu\", \"gated-gelu\" or \"[gated-]ACT\" with ACT one of {string.Join(", ", acts)}.");
        foreach (var (name, value) in new[] { ("vocab_size", VocabSize), ("d_model", DModel), ("d_kv", DKv), ("d_ff", DFf),
                     ("num_layers", NumLayers), ("num_decoder_layers", NumDecoderLayers), ("num_heads", NumHeads),
                     ("relative_attention_num_buckets", RelativeAttentionNumBuckets), ("relative_attention_max_distance", RelativeAttentionMaxDistance) })
        {
            if (value <= 0)
                throw new TaskInputException($"{source}: {name} must be positive, got {value}.");
        }
    }

    public JsonObject ToJson()
    {
        var json = (JsonObject)Extra.DeepClone();
        void Set(string key, JsonNode? value) => json[key] = value;
        json.TryAdd("architectures", new JsonArray("T5ForConditionalGeneration"));
        Set("classifier_dropout", PythonFloat.JsonNumber(ClassifierDropout));
        Set("d_ff", DFf);
        Set("d_kv", DKv);
        Set("d_model", DModel);
        Set("decoder_start_token_id", DecoderStartTokenId);
        Set("dense_act_fn", DenseActFn);
        Set("dropout_rate", PythonFloat.JsonNumber(DropoutRate));
        json.TryAdd("dtype", "float32");
        Set("eos_token_id", EosTokenId);
        Set("feed_forward_proj", FeedForwardProj);
        Set("initializer_factor", PythonFloat.JsonNumber(InitializerFactor));
        json.TryAdd("is_decoder", false);
        Set("is_encoder_decoder", true);
        Set("is_gated_act", IsGatedAct);
        Set("layer_norm_epsilon", PythonFloat.JsonNumber(LayerNormEpsilon));
        Set("model_type", "t5");
        Set("num_decoder_layers", NumDecoderLayers);
        Set("num_heads", NumHeads);
        Set("num_layers", NumLayers);
        Set("pad_token_id", PadTokenId);
        Set("relative_attention_max_distance", RelativeAttentionMaxDistance);
        Set("relative_attention_num_buckets", RelativeAttentionNumBuckets);
        Set("scale_decoder_outputs", ScaleDecoderOutputs);
        Set("tie_word_embeddings", TieWordEmbeddings);
        json.TryAdd("transformers_version", "5.17.0");
        Set("use_cache", UseCache);
        Set("vocab_size", VocabSize);
        // transformers writes keys sorted.
        return new JsonObject(json.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));
    }

    public void Save(string path) =>
        AtomicFile.WriteAllText(path, ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"T5(d_model {DModel}, d_kv {DKv}, d_ff {DFf}, layers {NumLayers}+{NumDecoderLayers}, heads {NumHeads}, {FeedForwardProj}, vocab {VocabSize})");
}
