namespace HfTrain.Abstractions;

/// <summary>
/// The ModelArguments and the shared part of DataTrainingArguments of Hugging Face's seq2seq example scripts
/// (run_summarization.py, run_translation.py), with their names, defaults and help. A seq2seq plugin lists these
/// and adds its own (e.g. text_column, source_lang); the host reads them to load the model and the data.
/// </summary>
public static class StandardOptions
{
    /// <summary>
    /// The default of a standard option (<c>max_source_length</c>: 1024, <c>max_target_length</c>: 128, …), so hosts
    /// and plugins read it from here instead of typing it again. Throws for a name that is not a standard option.
    /// </summary>
    public static T DefaultOf<T>(string name) =>
        Model.Concat(Seq2SeqData).FirstOrDefault(o => o.Name == name) is { Default: T value }
            ? value
            : throw new ArgumentException($"'{name}' is not a standard option with a {typeof(T).Name} default.", nameof(name));

    /// <summary>ModelArguments: which model, config and tokenizer to load, and from where.</summary>
    public static IReadOnlyList<TaskOption> Model { get; } =
    [
        new("model_name_or_path", OptionKind.String, null, "Path to a model folder (config.json + weights) or its Hub id in the local Hugging Face cache."),
        new("config_name", OptionKind.String, null, "Config name or path if not the same as model_name_or_path; a preset name (t5-small, t5-base, t5-large, flan-t5-small, flan-t5-base) trains from scratch."),
        new("tokenizer_name", OptionKind.String, null, "Tokenizer name or path if not the same as model_name_or_path."),
        new("cache_dir", OptionKind.String, null, "Where models and datasets from the Hub are cached (default: $HF_HUB_CACHE, else $HF_HOME/hub)."),
        new("use_fast_tokenizer", OptionKind.Bool, true, "Accepted for compatibility: hf-train has one tokenizer implementation."),
        new("model_revision", OptionKind.String, "main", "The model version to use (branch name, tag name or commit id)."),
        new("token", OptionKind.String, null, "The Hub token for remote files (default: $HF_TOKEN or the token saved by `hf auth login`)."),
        new("trust_remote_code", OptionKind.Bool, false, "Refused: hf-train never runs Python code from a model repository."),
        new("resize_position_embeddings", OptionKind.Bool, null, "Accepted for compatibility: T5 has relative positions and nothing to resize."),
    ];

    /// <summary>DataTrainingArguments common to the seq2seq scripts.</summary>
    public static IReadOnlyList<TaskOption> Seq2SeqData { get; } =
    [
        new("dataset_name", OptionKind.String, null, "A dataset: a local folder laid out like a Hub dataset repo, or its Hub id in the local Hugging Face cache.") { Aliases = ["dataset"] },
        new("dataset_config_name", OptionKind.String, null, "The configuration name of the dataset.") { Aliases = ["dataset_config"] },
        new("train_file", OptionKind.String, null, "The training data file (CSV, JSON Lines, JSON or Parquet; .gz accepted)."),
        new("validation_file", OptionKind.String, null, "The evaluation data file (same formats)."),
        new("test_file", OptionKind.String, null, "The prediction data file (same formats)."),
        new("overwrite_cache", OptionKind.Bool, false, "Overwrite the cached tokenized datasets."),
        new("preprocessing_num_workers", OptionKind.Int, null, "The number of threads for tokenization."),
        new("max_source_length", OptionKind.Int, 1024, "The maximum input length in tokens after tokenization; longer inputs are truncated."),
        new("max_target_length", OptionKind.Int, 128, "The maximum target length in tokens for training; longer targets are truncated."),
        new("val_max_target_length", OptionKind.Int, null, "The maximum target length for evaluation and prediction (default: max_target_length); also the default generation max_length."),
        new("pad_to_max_length", OptionKind.Bool, false, "Pad every sample to the maximum length instead of padding each batch to its longest sample."),
        new("max_train_samples", OptionKind.Int, null, "Truncate the training set to this many rows (debugging, quicker training)."),
        new("max_eval_samples", OptionKind.Int, null, "Truncate the evaluation set to this many rows."),
        new("max_predict_samples", OptionKind.Int, null, "Truncate the prediction set to this many rows."),
        new("num_beams", OptionKind.Int, null, "Beams for evaluation and prediction generation (default: the model's generation config)."),
        new("ignore_pad_token_for_loss", OptionKind.Bool, true, "Ignore padded label tokens in the loss (labels padded with -100)."),
        new("source_prefix", OptionKind.String, "", "A prefix added before every source text (e.g. \"summarize: \" for T5)."),
        new("forced_bos_token", OptionKind.String, null, "A token forced as the first generated token (multilingual models such as mBART); not used by T5."),
    ];
}
