using System.Text.Json.Nodes;

namespace HfTrain.Engine.Reporting;

/// <summary>
/// Everything the README.md model card says, as plain values (transformers' TrainingSummary, modelcard.py).
/// The host fills it at the end of training from the arguments, trainer_state.json's log_history and the versions.
/// </summary>
public sealed record ModelCardInfo
{
    /// <summary>"# name" and model-index name; HF uses the output_dir's folder name.</summary>
    public required string ModelName { get; init; }

    /// <summary>finetuned_from: --model_name_or_path when it is a Hub id (null for a local folder or from scratch).</summary>
    public string? BaseModel { get; init; }

    /// <summary>A local model folder's name: named in the text, neither linked nor tagged as a Hub id.</summary>
    public string? LocalBaseModel { get; init; }

    /// <summary>The base model is one shipped inside the tool (hf-train/starter-t5), not a folder of the user's.</summary>
    public bool LocalBaseModelIsEmbedded { get; init; }

    /// <summary>"summarization" or "translation": a tag and the model-index task.</summary>
    public required string Task { get; init; }

    /// <summary>Shown in "on the … dataset"; null reads "an unknown dataset" (local files, as HF does for json/csv).</summary>
    public string? DatasetName { get; init; }

    /// <summary>--dataset_name (a Hub id): the datasets: tag and the model-index dataset type. Null for local files.</summary>
    public string? DatasetTag { get; init; }

    /// <summary>--dataset_config_name, written as the model-index dataset args.</summary>
    public string? DatasetArgs { get; init; }

    public string? License { get; init; }

    /// <summary>The Hub's loader for the saved folder: it is a transformers checkpoint (config.json + safetensors).</summary>
    public string LibraryName { get; init; } = "transformers";

    /// <summary>Language codes (translation: source and target), the language: list.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>Ordered name → value, printed as "- name: value" (see <see cref="ModelCardHyperparameters"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Hyperparameters { get; init; } = [];

    /// <summary>trainer_state.json log_history: the results table and (unless given) the evaluation results.</summary>
    public IReadOnlyList<JsonObject> LogHistory { get; init; } = [];

    /// <summary>Overrides the results HF takes from the last eval entry of the log history ("Loss", "Rouge1", …).</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode?>>? EvalResults { get; init; }

    /// <summary>"- name version" lines under Framework versions (see <see cref="FrameworkVersions.Detect"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> FrameworkVersions { get; init; } = [];
}
