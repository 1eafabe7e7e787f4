namespace HfTrain.Engine.Models;

/// <summary>A model read from its config but not built yet: the ids the run needs before the weights exist, and
/// how to build it with fresh weights (training from scratch).</summary>
/// <param name="CreateClassifier">a sequence-classification model with fresh weights, or null when the family has none.</param>
/// <param name="ClassifierLabels">the labels config.json names when it describes a classifier (id2label), else null.</param>
public sealed record ModelBlueprint(ModelTokens Tokens, Func<ISeq2SeqModel> CreateNew,
    Func<ClassifierLabels, ISeq2SeqModel>? CreateClassifier = null, ClassifierLabels? ClassifierLabels = null);
