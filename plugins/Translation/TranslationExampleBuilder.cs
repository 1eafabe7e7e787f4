using HfTrain.Abstractions;

namespace HfTrain.Plugins.Translation;

/// <summary>
/// run_translation.py's preprocess_function: source = translation[source_lang] with source_prefix, target =
/// translation[target_lang]; flat columns named by the language codes work too (CSV files). Unlike the
/// summarization script, run_translation keeps every row; hf-train drops rows whose source or target is missing
/// (null), which would crash the Python script.
/// </summary>
internal sealed class TranslationExampleBuilder : IExampleBuilder, IExplainsDrops
{
    const string TranslationColumn = "translation";
    readonly TaskContext _context;
    readonly string _prefix, _source, _target;
    readonly int _maxSource, _maxTarget, _valMaxTarget;
    bool _nested;

    public TranslationExampleBuilder(TaskContext context)
    {
        _context = context;
        IOptionValues o = context.Options;
        _source = o["source_lang"] as string ?? throw new TaskInputException("--source_lang is required for translation (e.g. --source_lang en).");
        _target = o["target_lang"] as string ?? throw new TaskInputException("--target_lang is required for translation (e.g. --target_lang de).");
        _source = _source.Split('_')[0];   // run_translation: "en_XX" → "en" for mBART-style codes
        _target = _target.Split('_')[0];
        _prefix = o["source_prefix"] as string ?? "";
        _maxSource = o["max_source_length"] as int? ?? StandardOptions.DefaultOf<int>("max_source_length");
        _maxTarget = o["max_target_length"] as int? ?? StandardOptions.DefaultOf<int>("max_target_length");
        _valMaxTarget = o["val_max_target_length"] as int? ?? _maxTarget;
        string model = o["model_name_or_path"] as string ?? o["config_name"] as string ?? "";
        if (_prefix.Length == 0 && model.Contains("t5", StringComparison.OrdinalIgnoreCase))
            context.Warn("You're running a t5 model but didn't provide a source prefix, which is expected, e.g. with `--source_prefix 'translate English to German: ' `");
    }

    public void ValidateColumns(IReadOnlyList<string> columns, string source)
    {
        _nested = columns.Contains(TranslationColumn);
        if (_nested)
            return;
        foreach (string language in new[] { _source, _target })
        {
            if (!columns.Contains(language))
                throw new TaskInputException(
                    $"{source} has no '{TranslationColumn}' column and no '{language}' column; its columns are: {string.Join(", ", columns)}. " +
                    "Use a 'translation' column of {\"<source_lang>\": ..., \"<target_lang>\": ...} objects, or one column per language.");
        }
    }

    public Seq2SeqExample? Build(DataRow row, DataSplit split)
    {
        DataRow pair = row;
        if (_nested)
        {
            pair = row.Values.TryGetValue(TranslationColumn, out var value) && value is DataRow nested
                ? nested
                : throw new TaskInputException($"{row.Location}: the '{TranslationColumn}' column must hold an object such as {{\"{_source}\": ..., \"{_target}\": ...}}.");
        }
        string? source = pair.Text(_source), target = pair.Text(_target);
        if (source is null || target is null)
            return null;
        int maxTarget = split == DataSplit.Train ? _maxTarget : _valMaxTarget;
        return new Seq2SeqExample(_context.Tokenizer.Encode(_prefix + source, _maxSource), _context.Tokenizer.Encode(target, maxTarget), target);
    }

    public string DropReason(DataRow row)
    {
        DataRow pair = _nested && row.Values.TryGetValue(TranslationColumn, out var value) && value is DataRow nested ? nested : row;
        string where = _nested ? $"in '{TranslationColumn}'" : "among the columns";
        foreach (string language in new[] { _source, _target })
        {
            if (!pair.Values.ContainsKey(language))
                return $"no '{language}' key {where} (it has {string.Join(", ", pair.Values.Keys.Select(k => $"'{k}'"))}; check --source_lang/--target_lang)";
        }
        return $"'{(pair.Values[_source] is null ? _source : _target)}' is null";
    }
}
