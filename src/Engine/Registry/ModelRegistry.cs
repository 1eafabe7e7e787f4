using System.Text.Json;
using HfTrain.Abstractions;
using HfTrain.Engine.Formats;
using HfTrain.Engine.Models;
using HfTrain.Engine.Models.T5;

namespace HfTrain.Engine.Registry;

/// <summary>
/// The model families hf-train builds, keyed on config.json's <c>model_type</c> (transformers' AutoConfig key).
/// Adding a family: its folder under <c>Models/</c>, one line in <see cref="Families"/>, its parity tests.
/// </summary>
public static class ModelRegistry
{
    public const string ConfigFile = "config.json";

    public static IReadOnlyList<ModelFamily> Families { get; } =
    [
        T5Family.Entry,
    ];

    /// <summary>The family of the model that <paramref name="configPath"/> describes; an unknown or missing
    /// <c>model_type</c> is refused with the supported ones named.</summary>
    public static ModelFamily For(string configPath)
    {
        if (!File.Exists(configPath))
            throw new TaskInputException($"{configPath} not found: a model directory needs a config.json (as transformers' save_pretrained writes it).");
        var json = JsonFile.ReadObject(configPath, "fix or regenerate config.json");
        string? type = json["model_type"] is { } node && node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        return Families.FirstOrDefault(f => f.ModelType == type) ?? throw new TaskInputException(
            $"{configPath}: model_type {json["model_type"]?.ToJsonString() ?? "(missing)"} is not supported. " +
            $"hf-train builds these model families (config.json's \"model_type\"): {string.Join(", ", Families.Select(f => f.ModelType))}.");
    }

    /// <summary>The model a config.json describes, not built yet.</summary>
    public static ModelBlueprint ReadConfig(string configPath) => For(configPath).ReadConfig(configPath);

    /// <summary>A save_pretrained folder's model, with its weights.</summary>
    public static ISeq2SeqModel Load(string directory) => For(Path.Combine(directory, ConfigFile)).Load(directory);

    /// <summary>A save_pretrained folder's model with a sequence-classification head for <paramref name="labels"/>: a
    /// seq2seq checkpoint gets a fresh head (transformers' "newly initialized" warning goes to <paramref name="warn"/>).</summary>
    public static ISeq2SeqModel LoadClassifier(string directory, ClassifierLabels labels, Action<string> warn)
    {
        var family = For(Path.Combine(directory, ConfigFile));
        return (family.LoadClassifier ?? throw new TaskInputException($"model_type {family.ModelType} has no sequence-classification head in hf-train."))(directory, labels, warn);
    }

    /// <summary>An architecture by name (e.g. t5-small), or null when no family has one of that name.</summary>
    public static ModelBlueprint? Preset(string name) =>
        Families.Select(f => f.Presets.GetValueOrDefault(name)).FirstOrDefault(p => p is not null)?.Invoke();
}
