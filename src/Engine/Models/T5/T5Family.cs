namespace HfTrain.Engine.Models.T5;

/// <summary>T5's line in the model registry: config.json, save_pretrained folders and the named presets.</summary>
public static class T5Family
{
    public static ModelFamily Entry { get; } = new("t5",
        path => Blueprint(T5Config.Load(path)),
        T5ForConditionalGeneration.Load,
        T5Presets.Names.ToDictionary(name => name, name => (Func<ModelBlueprint>)(() => Blueprint(T5Presets.Get(name))), StringComparer.OrdinalIgnoreCase));

    static ModelBlueprint Blueprint(T5Config config) => new(config.Tokens, () => new T5ForConditionalGeneration(config));
}
