using HfTrain.Abstractions;
using System.Text.Json;
using System.Text.Json.Nodes;
using HfTrain.Engine.Formats;

namespace HfTrain.Engine.Models;

/// <summary>
/// The decoding settings of transformers' GenerationConfig that greedy and beam search use, read from and written
/// to generation_config.json. Absent fields take transformers' defaults; absent special tokens come from the
/// model's config (as generate() does). Fields we do not model are kept in <see cref="Extra"/>.
/// </summary>
public sealed record GenerationConfig
{
    /// <summary>Longest output counting the decoder start token (transformers default 20).</summary>
    public int MaxLength { get; init; } = 20;
    /// <summary>When set, wins over <see cref="MaxLength"/>: max_length = decoder prompt length (1) + max_new_tokens.</summary>
    public int? MaxNewTokens { get; init; }
    /// <summary>Shortest output counting the start token: eos is forbidden before it.</summary>
    public int MinLength { get; init; }
    public int? MinNewTokens { get; init; }
    public int NumBeams { get; init; } = 1;
    public double LengthPenalty { get; init; } = 1.0;
    /// <summary>"false" (default heuristic), "true" (stop when num_beams hypotheses are done) or "never".</summary>
    public EarlyStopping EarlyStopping { get; init; } = EarlyStopping.False;
    public int NoRepeatNgramSize { get; init; }
    public int NumReturnSequences { get; init; } = 1;
    public bool DoSample { get; init; }
    public int? DecoderStartTokenId { get; init; }
    public int? BosTokenId { get; init; }
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];
    public int? PadTokenId { get; init; }
    public bool UseCache { get; init; } = true;
    public JsonObject Extra { get; init; } = new();

    /// <summary>The generation config transformers derives from a model config (what save_pretrained writes).</summary>
    public static GenerationConfig FromModelConfig(ModelTokens model) => new()
    {
        DecoderStartTokenId = model.DecoderStartTokenId,
        EosTokenIds = [model.EosTokenId],
        PadTokenId = model.PadTokenId,
        Extra = new JsonObject { ["_from_model_config"] = true, ["output_attentions"] = false, ["output_hidden_states"] = false },
    };

    /// <summary>Reads generation_config.json; a missing file gives <see cref="FromModelConfig"/>.</summary>
    public static GenerationConfig Load(string path, ModelTokens model)
    {
        if (!File.Exists(path))
            return FromModelConfig(model);
        return FromJson(JsonFile.ReadObject(path, "fix or delete generation_config.json"), path).WithModelDefaults(model);
    }

    public static GenerationConfig FromJson(JsonObject json, string source = "generation_config.json")
    {
        var c = new JsonFieldReader(json, source);
        return new GenerationConfig
        {
            MaxLength = c.Int("max_length", 20),
            MaxNewTokens = c.IntOrNull("max_new_tokens"),
            MinLength = c.Int("min_length", 0),
            MinNewTokens = c.IntOrNull("min_new_tokens"),
            NumBeams = c.Int("num_beams", 1),
            LengthPenalty = c.Double("length_penalty", 1.0),
            EarlyStopping = ReadEarlyStopping(json, source),
            NoRepeatNgramSize = c.Int("no_repeat_ngram_size", 0),
            NumReturnSequences = c.Int("num_return_sequences", 1),
            DoSample = c.Bool("do_sample", false),
            DecoderStartTokenId = c.IntOrNull("decoder_start_token_id"),
            BosTokenId = c.IntOrNull("bos_token_id"),
            EosTokenIds = ReadIds(json, "eos_token_id", source),
            PadTokenId = c.IntOrNull("pad_token_id"),
            UseCache = c.Bool("use_cache", true),
            Extra = new JsonObject(c.Rest().Where(kv => kv.Key != "early_stopping")
                .Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone()))),
        };
    }

    /// <summary>Special tokens missing here are taken from the model config; pad falls back to eos (generate()).</summary>
    public GenerationConfig WithModelDefaults(ModelTokens model)
    {
        var eos = EosTokenIds.Count > 0 ? EosTokenIds : [model.EosTokenId];
        return this with
        {
            DecoderStartTokenId = DecoderStartTokenId ?? model.DecoderStartTokenId,
            EosTokenIds = eos,
            PadTokenId = PadTokenId ?? model.PadTokenId,
        };
    }

    /// <summary>The max_length generate() uses for a decoder prompt of <paramref name="promptLength"/> tokens.</summary>
    public int EffectiveMaxLength(int promptLength = 1) => MaxNewTokens is { } n ? n + promptLength : MaxLength;

    /// <summary>The min_length generate() enforces (min_new_tokens counts after the prompt).</summary>
    public int EffectiveMinLength(int promptLength = 1) => Math.Max(MinLength, MinNewTokens is { } n ? n + promptLength : 0);

    public JsonObject ToJson()
    {
        var json = (JsonObject)Extra.DeepClone();
        var defaults = new GenerationConfig();
        // transformers writes only the fields that differ from its defaults, plus the special tokens.
        if (MaxLength != defaults.MaxLength) json["max_length"] = MaxLength;
        if (MaxNewTokens is { } mnt) json["max_new_tokens"] = mnt;
        if (MinLength != 0) json["min_length"] = MinLength;
        if (MinNewTokens is { } mn) json["min_new_tokens"] = mn;
        if (NumBeams != 1) json["num_beams"] = NumBeams;
        if (LengthPenalty != 1.0) json["length_penalty"] = PythonFloat.JsonNumber(LengthPenalty);
        if (EarlyStopping != EarlyStopping.False)
            json["early_stopping"] = EarlyStopping == EarlyStopping.True ? JsonValue.Create(true) : JsonValue.Create("never");
        if (NoRepeatNgramSize != 0) json["no_repeat_ngram_size"] = NoRepeatNgramSize;
        if (NumReturnSequences != 1) json["num_return_sequences"] = NumReturnSequences;
        if (DoSample) json["do_sample"] = true;
        if (DecoderStartTokenId is { } ds) json["decoder_start_token_id"] = ds;
        if (BosTokenId is { } bos) json["bos_token_id"] = bos;
        if (EosTokenIds.Count == 1) json["eos_token_id"] = EosTokenIds[0];
        else if (EosTokenIds.Count > 1) json["eos_token_id"] = new JsonArray(EosTokenIds.Select(e => (JsonNode)e).ToArray());
        if (PadTokenId is { } pad) json["pad_token_id"] = pad;
        json.TryAdd("transformers_version", "5.17.0");
        json["use_cache"] = UseCache;
        return new JsonObject(json.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));
    }

    public void Save(string path) =>
        AtomicFile.WriteAllText(path, ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

    private static EarlyStopping ReadEarlyStopping(JsonObject json, string source) =>
        !json.TryGetPropertyValue("early_stopping", out var node) || node is null ? EarlyStopping.False : node.GetValueKind() switch
        {
            JsonValueKind.True => EarlyStopping.True,
            JsonValueKind.False => EarlyStopping.False,
            JsonValueKind.String when node.GetValue<string>() == "never" => EarlyStopping.Never,
            _ => throw new TaskInputException($"{source}: \"early_stopping\" must be true, false or \"never\", got {node.ToJsonString()}."),
        };

    private static IReadOnlyList<int> ReadIds(JsonObject json, string key, string source)
    {
        if (!json.TryGetPropertyValue(key, out var node) || node is null)
            return [];
        return node switch
        {
            JsonArray a when a.All(x => x?.GetValueKind() == JsonValueKind.Number) => a.Select(x => (int)JsonFieldReader.Number(x!)).ToList(),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => [(int)JsonFieldReader.Number(v)],
            _ => throw new TaskInputException($"{source}: \"{key}\" must be an integer or a list of integers, got {node.ToJsonString()}."),
        };
    }
}

/// <summary>transformers' early_stopping: False, True or "never".</summary>
public enum EarlyStopping
{
    False,
    True,
    Never,
}
