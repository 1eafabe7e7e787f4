using HfTrain.Abstractions;

namespace HfTrain.Plugins.Summarization;

/// <summary>
/// run_summarization.py's preprocess_function: drop pairs with an empty text or summary, add source_prefix,
/// tokenize the text to max_source_length and the summary to max_target_length (val_max_target_length for
/// evaluation and prediction). Padding is the host's (dynamic, or to max length with -100 labels).
/// </summary>
internal sealed class SummarizationExampleBuilder : IExampleBuilder, IExplainsDrops
{
    readonly TaskContext _context;
    readonly string _prefix;
    readonly int _maxSource, _maxTarget, _valMaxTarget;
    string? _text, _summary;

    public SummarizationExampleBuilder(TaskContext context)
    {
        _context = context;
        IOptionValues o = context.Options;
        _prefix = o["source_prefix"] as string ?? "";
        _maxSource = o["max_source_length"] as int? ?? StandardOptions.DefaultOf<int>("max_source_length");
        _maxTarget = o["max_target_length"] as int? ?? StandardOptions.DefaultOf<int>("max_target_length");
        _valMaxTarget = o["val_max_target_length"] as int? ?? _maxTarget;
        _text = o["text_column"] as string;
        _summary = o["summary_column"] as string;
        string model = o["model_name_or_path"] as string ?? o["config_name"] as string ?? "";
        if (_prefix.Length == 0 && model.Contains("t5", StringComparison.OrdinalIgnoreCase))
            context.Warn("You're running a t5 model but didn't provide a source prefix, which is the expected, e.g. with `--source_prefix 'summarize: ' `");
    }

    public void ValidateColumns(IReadOnlyList<string> columns, string source)
    {
        var known = KnownDatasets.For(_context.Options["dataset_name"] as string);
        _text ??= known?.Text ?? (columns.Count > 0 ? columns[0] : null);
        _summary ??= known?.Summary ?? (columns.Count > 1 ? columns[1] : null);
        Check("text_column", _text, columns, source);
        Check("summary_column", _summary, columns, source);
    }

    public Seq2SeqExample? Build(DataRow row, DataSplit split)
    {
        string? text = row.Text(_text!), summary = row.Text(_summary!);
        if (string.IsNullOrEmpty(text) || string.IsNullOrEmpty(summary))
            return null;
        int maxTarget = split == DataSplit.Train ? _maxTarget : _valMaxTarget;
        return new Seq2SeqExample(
            _context.Tokenizer.Encode(_prefix + text, _maxSource),
            _context.Tokenizer.Encode(summary, maxTarget),
            summary);
    }

    public string DropReason(DataRow row) =>
        string.IsNullOrEmpty(row.Text(_text!)) ? $"empty or missing text ('{_text}', --text_column)" : $"empty or missing summary ('{_summary}', --summary_column)";

    static void Check(string option, string? column, IReadOnlyList<string> columns, string source)
    {
        if (column is null || !columns.Contains(column))
            throw new TaskInputException(
                $"--{option} '{column}' needs to be one of: {string.Join(", ", columns)} (the columns of {source}).");
    }
}
