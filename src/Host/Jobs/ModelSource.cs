using TorchSharp;
using HfTrain.Abstractions;
using HfTrain.Data.Hub;
using HfTrain.Engine.Generation;
using HfTrain.Engine.Models.T5;
using HfTrain.Host.Options;
using HfTrain.Tokenization;
using static TorchSharp.torch;

namespace HfTrain.Host.Jobs;

/// <summary>
/// Which model and tokenizer a run uses (ModelArguments): <c>--model_name_or_path</c> (a local folder, or a repo id
/// found in the local Hugging Face cache), <c>--config_name</c> (a folder, a config.json, or a preset name: train from
/// scratch), <c>--tokenizer_name</c>; with none of them, the embedded demo model (a small preset and the bundled
/// tokenizer) so the first command runs offline.
/// </summary>
internal sealed record ModelSource(string? WeightsDir, T5Config Config, string TokenizerDir, string Description, GenerationConfig? Generation)
{
    public static string DemoDir => Path.Combine(AppContext.BaseDirectory, "defaults", "demo-t5");

    public static bool IsDemo(ParsedOptions o) =>
        o.String("model_name_or_path") is null && o.String("config_name") is null && o.String("tokenizer_name") is null;

    public static ModelSource Resolve(ParsedOptions o)
    {
        var cache = new HubCache();
        string? model = o.String("model_name_or_path"), config = o.String("config_name"), tokenizer = o.String("tokenizer_name");
        if (IsDemo(o))
            return new(null, T5Config.Load(Path.Combine(DemoDir, "config.json")), DemoDir,
                "the embedded demo T5 (2+2 layers, d_model 128, trained from scratch) with the bundled tokenizer", null);

        string? modelDir = model is null ? null : Locate(model, "--model_name_or_path", cache);
        T5Config cfg;
        string? configDir = null;
        if (config is not null && T5Presets.Names.Contains(config))
            cfg = T5Presets.Get(config);
        else if (config is not null)
        {
            configDir = File.Exists(config) ? Path.GetDirectoryName(Path.GetFullPath(config)) : Locate(config, "--config_name", cache);
            cfg = T5Config.Load(File.Exists(config) ? config : Path.Combine(configDir!, "config.json"));
        }
        else
            cfg = T5Config.Load(Path.Combine(modelDir!, "config.json"));
        string tokenizerDir = tokenizer is not null ? Locate(tokenizer, "--tokenizer_name", cache)
            : modelDir ?? configDir ?? throw new UsageException(
                $"--config_name {config} builds a model from scratch and needs a tokenizer: add --tokenizer_name (a folder with tokenizer.json or spiece.model).");
        GenerationConfig? generation = modelDir is not null && File.Exists(Path.Combine(modelDir, "generation_config.json"))
            ? GenerationConfig.Load(Path.Combine(modelDir, "generation_config.json"), cfg)
            : null;
        string description = modelDir is not null ? $"model {modelDir}" : $"a new model from config {config} (trained from scratch)";
        return new(modelDir, cfg, tokenizerDir, description, generation);
    }

    /// <summary>The model, on <paramref name="device"/>: loaded weights, or a fresh initialization from the seed.</summary>
    public T5ForConditionalGeneration CreateModel(int seed, Device device)
    {
        manual_seed(seed);                                   // run_summarization: set_seed before the model is made
        var model = WeightsDir is not null ? T5ForConditionalGeneration.Load(WeightsDir) : new T5ForConditionalGeneration(Config);
        model.to(device);
        return model;
    }

    public T5Tokenizer LoadTokenizer() => T5Tokenizer.Load(TokenizerDir);

    static string Locate(string nameOrPath, string option, HubCache cache)
    {
        if (Directory.Exists(nameOrPath))
            return Path.GetFullPath(nameOrPath);
        if (!nameOrPath.StartsWith('.') && !nameOrPath.StartsWith('/') && cache.ModelSnapshot(nameOrPath) is { } snapshot)
            return snapshot;
        throw new TaskInputException(
            $"{option} {nameOrPath}: no such folder, and no snapshot in the Hugging Face cache ({cache.Root}/models--{nameOrPath.Replace("/", "--")}). " +
            "hf-train does not download models yet: give a local folder written by save_pretrained (config.json + model.safetensors), " +
            "or fill the cache with `huggingface-cli download` (or `hf download`) first.");
    }
}
