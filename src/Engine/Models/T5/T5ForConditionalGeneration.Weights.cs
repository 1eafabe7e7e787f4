using HfTrain.Abstractions;
using HfTrain.Engine.Checkpoints;
using static TorchSharp.torch;

namespace HfTrain.Engine.Models.T5;

/// <summary>Hugging Face weights in and out: state dict by HF key, model directories (save_pretrained layout).</summary>
public sealed partial class T5ForConditionalGeneration
{
    public const string ConfigFile = "config.json";
    public const string GenerationConfigFile = "generation_config.json";
    public const string WeightsFile = "model.safetensors";

    // Older checkpoints also store the shared embedding under the stacks' names; same tensor, nothing to load.
    private static readonly string[] Aliases = ["encoder.embed_tokens.weight", "decoder.embed_tokens.weight"];

    /// <summary>Each parameter once under its Hugging Face key (tied head: no lm_head.weight). Tensors are the live parameters.</summary>
    public Dictionary<string, Tensor> StateDict() =>
        named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter, StringComparer.Ordinal);

    /// <summary>
    /// Copies tensors into the parameters by Hugging Face key (converting dtype). Throws
    /// a TaskInputException listing missing keys, unexpected keys and shape mismatches.
    /// The caller keeps ownership of <paramref name="weights"/>.
    /// </summary>
    public void LoadWeights(IReadOnlyDictionary<string, Tensor> weights, string source = "weights")
    {
        var parameters = named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        var missing = parameters.Keys.Where(k => !weights.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        // a tied model accepts an lm_head.weight that is a copy of shared.weight (transformers 4.x and .bin files)
        bool headIsAlias = !HasSeparateHead && !HasDistinctHead(weights);
        var unexpected = weights.Keys.Where(k => !parameters.ContainsKey(k) && !Aliases.Contains(k) && !(headIsAlias && k == "lm_head.weight")).Order(StringComparer.Ordinal).ToList();
        var wrongShape = parameters.Where(p => weights.TryGetValue(p.Key, out var w) && !w.shape.SequenceEqual(p.Value.shape))
            .Select(p => $"{p.Key} [{string.Join(", ", weights[p.Key].shape)}] vs model [{string.Join(", ", p.Value.shape)}]").ToList();
        if (missing.Count + unexpected.Count + wrongShape.Count > 0)
            throw T5WeightsMismatch.Create(source, Config, missing, unexpected, wrongShape);
        using var _ = no_grad();
        foreach (var (name, parameter) in parameters)
            parameter.copy_(weights[name]);
    }

    /// <summary>
    /// Loads a directory written by transformers' save_pretrained: config.json plus model.safetensors (or a sharded
    /// index, or pytorch_model.bin; see <see cref="CheckpointFiles"/>). The head is lm_head.weight when the file has
    /// one that differs from shared.weight, else the shared embedding (transformers 5.17 ties an identical copy too);
    /// the d_model^-0.5 rescale follows <see cref="T5Config.ScaleDecoderOutputs"/>.
    /// </summary>
    public static T5ForConditionalGeneration Load(string directory)
    {
        var config = T5Config.Load(Path.Combine(directory, ConfigFile));
        var weights = CheckpointFiles.LoadStateDict(directory);
        string source = CheckpointFiles.Find(directory) ?? directory;
        try
        {
            var model = new T5ForConditionalGeneration(config, HasDistinctHead(weights), initialize: false);
            model.eval();
            model.LoadWeights(weights, source);
            return model;
        }
        finally
        {
            foreach (var tensor in weights.Values)
                tensor.Dispose();
        }
    }

    /// <summary>True when the weights carry an lm_head.weight that is not a copy of shared.weight.</summary>
    public static bool HasDistinctHead(IReadOnlyDictionary<string, Tensor> weights) =>
        weights.TryGetValue("lm_head.weight", out var head)
        && !(weights.TryGetValue("shared.weight", out var shared) && head.shape.SequenceEqual(shared.shape) && head.eq(shared).all().item<bool>());

    /// <summary>
    /// Writes config.json, generation_config.json (the given one, else the defaults from this model's config) and
    /// model.safetensors, as save_pretrained does. A separate head is saved as lm_head.weight with
    /// tie_word_embeddings false.
    /// </summary>
    public void Save(string directory, GenerationConfig? generation = null) => Save(directory, generation, null);

    /// <summary>As <see cref="Save(string, GenerationConfig?)"/>, with <paramref name="weights"/> (e.g. the float32
    /// master weights of mixed-precision training) in place of the module's own tensors.</summary>
    public void Save(string directory, GenerationConfig? generation, IReadOnlyDictionary<string, Tensor>? weights)
    {
        Directory.CreateDirectory(directory);
        var config = HasSeparateHead == !Config.TieWordEmbeddings ? Config : Config with
        {
            TieWordEmbeddings = !HasSeparateHead,
            ScaleDecoderOutputsOrNull = Config.ScaleDecoderOutputs,
        };
        config.Save(Path.Combine(directory, ConfigFile));
        (generation ?? GenerationConfig.FromModelConfig(Config.Tokens)).Save(Path.Combine(directory, GenerationConfigFile));
        var cpu = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, tensor) in StateDict())
                cpu[name] = (weights is not null && weights.TryGetValue(name, out var master) ? master : tensor).detach().cpu().contiguous();
            SafeTensors.Write(Path.Combine(directory, WeightsFile), cpu);
        }
        finally
        {
            foreach (var tensor in cpu.Values)
                tensor.Dispose();
        }
    }
}
