namespace HfTrain.Engine.Models.T5;

/// <summary>T5's line in the model registry: config.json, save_pretrained folders and the named presets.</summary>
public static class T5Family
{
    public static ModelFamily Entry { get; } = new("t5",
        path => Blueprint(T5Config.Load(path)),
        Load,
        T5Presets.Names.ToDictionary(name => name, name => (Func<ModelBlueprint>)(() => Blueprint(T5Presets.Get(name))), StringComparer.OrdinalIgnoreCase),
        (dir, labels, warn) => T5ForSequenceClassification.Load(dir, labels, warn));

    static ModelBlueprint Blueprint(T5Config config) => new(config.Tokens, () => new T5ForConditionalGeneration(config),
        labels => new T5ForSequenceClassification(config, labels), T5ForSequenceClassification.LabelsOf(config));

    /// <summary>config.json's architectures picks the head: a classifier's folder loads as one.</summary>
    static ISeq2SeqModel Load(string directory) =>
        T5ForSequenceClassification.LabelsOf(T5Config.Load(Path.Combine(directory, T5ForConditionalGeneration.ConfigFile))) is { } labels
            ? T5ForSequenceClassification.Load(directory, labels, _ => { })
            : T5ForConditionalGeneration.Load(directory);
}
