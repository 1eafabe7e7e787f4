using TorchSharp;
using HfTrain.Abstractions;
using HfTrain.Engine.Models;
using HfTrain.Engine.Registry;
using HfTrain.Host.Options;
using HfTrain.Tokenization;
using static TorchSharp.torch;

namespace HfTrain.Host.Jobs;

/// <summary>
/// Which model and tokenizer a run uses (ModelArguments): <c>--model_name_or_path</c> (a local folder, or a Hub repo id,
/// downloaded into the Hugging Face cache by <see cref="HubModelFiles"/>), <c>--config_name</c> (a folder, a config.json,
/// or a preset name: train from scratch), <c>--tokenizer_name</c>; with none of them, the embedded starter model
/// <c>hf-train/starter-t5</c> (also selectable by that name, resolved before any cache or Hub lookup), so the first
/// command runs offline and fine-tunes a pretrained model.
/// </summary>
/// <remarks>The model family comes from config.json's <c>model_type</c> (<see cref="ModelRegistry"/>).</remarks>
internal sealed record ModelSource(string? WeightsDir, ModelBlueprint Blueprint, string TokenizerDir, string Description, GenerationConfig? Generation)
{
    /// <summary>The config.json the model is built from, where there is one (not the demo, not a preset).</summary>
    public string? ConfigPath { get; init; }

    /// <summary>The embedded starter model's name: it resolves to the tool's own copy before any cache or Hub lookup.</summary>
    public const string StarterName = "hf-train/starter-t5";

    /// <summary>The pretrained starter T5 shipped in the tool (tools/starter/README.md): what a run fine-tunes when no
    /// model is given.</summary>
    public static string StarterDir => Path.Combine(AppContext.BaseDirectory, "defaults", "starter-t5");

    public static bool IsDemo(ParsedOptions o) =>
        o.String("model_name_or_path") is null && o.String("config_name") is null && o.String("tokenizer_name") is null;

    public static ModelSource Resolve(ParsedOptions o)
    {
        string? model = o.String("model_name_or_path"), config = o.String("config_name"), tokenizer = o.String("tokenizer_name");
        if (IsDemo(o))
            model = StarterName;

        var hub = new HubFetch(o.String("model_revision") ?? "main", o.String("token"));
        string? modelDir = model is null ? null : Locate(model, "--model_name_or_path", hub, weights: true);
        ModelBlueprint blueprint;
        string? configDir = null, configPath = null;
        if (config is not null && ModelRegistry.Preset(config) is { } preset)
            blueprint = preset;
        else if (config is not null)
        {
            configDir = File.Exists(config) ? Path.GetDirectoryName(Path.GetFullPath(config)) : Locate(config, "--config_name", hub, weights: false);
            configPath = File.Exists(config) ? config : Path.Combine(configDir!, ModelRegistry.ConfigFile);
            blueprint = ModelRegistry.ReadConfig(configPath);
        }
        else
        {
            configPath = Path.Combine(modelDir!, ModelRegistry.ConfigFile);
            blueprint = ModelRegistry.ReadConfig(configPath);
        }
        string tokenizerDir = tokenizer is not null ? Locate(tokenizer, "--tokenizer_name", hub, weights: false)
            : modelDir ?? configDir ?? throw new UsageException(
                $"--config_name {config} builds a model from scratch and needs a tokenizer: add --tokenizer_name (a folder with tokenizer.json or spiece.model).");
        GenerationConfig? generation = modelDir is not null && File.Exists(Path.Combine(modelDir, "generation_config.json"))
            ? GenerationConfig.Load(Path.Combine(modelDir, "generation_config.json"), blueprint.Tokens)
            : null;
        string description = modelDir == StarterDir
            ? $"{StarterName}, the embedded starter T5 (5.2 M parameters, pretrained on Debian package descriptions and DDTP)"
            : modelDir is not null ? $"model {modelDir}" : $"a new model from config {config} (trained from scratch)";
        return new(modelDir, blueprint, tokenizerDir, description, generation) { ConfigPath = configPath };
    }

    /// <summary>The model, on <paramref name="device"/>: loaded weights, or a fresh initialization from the seed.</summary>
    public ISeq2SeqModel CreateModel(int seed, Device device)
    {
        manual_seed(seed);                                   // run_summarization: set_seed before the model is made
        var model = WeightsDir is not null ? ModelRegistry.Load(WeightsDir) : Blueprint.CreateNew();
        model.Module.to(device);
        return model;
    }

    /// <summary>The tokenizer, checked against config.json: an id at or above <c>vocab_size</c> would index past the
    /// embedding table and fail deep inside the first step (or, on a GPU, as a device-side assert).</summary>
    public IModelTokenizer LoadTokenizer()
    {
        IModelTokenizer tokenizer = TokenizerFactory.Load(TokenizerDir);
        if (ConfigPath is not null && tokenizer is T5Tokenizer t5
            && HfTrain.Engine.Formats.JsonFile.ReadObject(ConfigPath, "fix or regenerate config.json")["vocab_size"] is System.Text.Json.Nodes.JsonValue v
            && v.TryGetValue(out int vocabSize) && t5.VocabularySize > vocabSize)
            throw new TaskInputException(
                $"the tokenizer ({tokenizer.SourceFiles.FirstOrDefault() ?? TokenizerDir}) has {t5.VocabularySize} ids (0-{t5.VocabularySize - 1}) " +
                $"but {ConfigPath} says vocab_size {vocabSize}: ids from {vocabSize} on have no embedding. " +
                "Use the tokenizer the model was trained with (--tokenizer_name), or a config with vocab_size of at least " +
                $"{t5.VocabularySize}.");
        return tokenizer;
    }

    /// <summary>The revision and token of Hub downloads (<c>--model_revision</c>, <c>--token</c>).</summary>
    sealed record HubFetch(string Revision, string? Token);

    static string Locate(string nameOrPath, string option, HubFetch hub, bool weights)
    {
        if (string.Equals(nameOrPath, StarterName, StringComparison.Ordinal))
            return StarterDir;
        if (Directory.Exists(nameOrPath))
            return Path.GetFullPath(nameOrPath);
        if (HubModelFiles.LooksLikeRepoId(nameOrPath))
            return HubModelFiles.Fetch(nameOrPath, option, hub.Revision, hub.Token, weights);
        throw new TaskInputException(
            $"{option} {nameOrPath}: no such folder, and not a Hub repo id (org/name). " +
            "Give a local folder written by save_pretrained (config.json + model.safetensors), or a repo id to download.");
    }
}
