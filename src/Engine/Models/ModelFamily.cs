namespace HfTrain.Engine.Models;

/// <summary>One model family in the registry.</summary>
/// <param name="ModelType">config.json's <c>model_type</c> (transformers' name, e.g. "t5").</param>
/// <param name="ReadConfig">a config.json path → the model it describes.</param>
/// <param name="Load">a save_pretrained folder → the model with its weights.</param>
/// <param name="Presets">architectures by name (<c>--config_name t5-small</c>), for training from scratch.</param>
/// <param name="LoadClassifier">a save_pretrained folder (a classifier's, or a seq2seq one: fresh head, the warning
/// through the callback) → the sequence-classification model; null when the family has no such head.</param>
public sealed record ModelFamily(string ModelType, Func<string, ModelBlueprint> ReadConfig, Func<string, ISeq2SeqModel> Load,
    IReadOnlyDictionary<string, Func<ModelBlueprint>> Presets,
    Func<string, ClassifierLabels, Action<string>, ISeq2SeqModel>? LoadClassifier = null);
