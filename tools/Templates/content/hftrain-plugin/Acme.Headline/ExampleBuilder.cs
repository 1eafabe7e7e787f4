using HfTrain.Abstractions;

namespace Acme.Headline;

/// <summary>
/// One row to one example: drop rows without a source or a target, prepend source_prefix, truncate the source to
/// max_source_length and the target to max_target_length (val_max_target_length for evaluation and prediction).
/// Prefix and truncation are the plugin's; padding and batching are the host's.
/// </summary>
internal sealed class ExampleBuilder : IExampleBuilder
{
    readonly ITextTokenizer _tokenizer;
    readonly string _text, _target, _prefix;
    readonly bool _lowercase;
    readonly int _maxSource, _maxTarget, _valMaxTarget;

    public ExampleBuilder(TaskContext context)
    {
        IOptionValues o = context.Options;
        _tokenizer = context.Tokenizer;
        _text = o["text_column"] as string ?? "document";
        _target = o["target_column"] as string ?? "summary";
        _lowercase = o["lowercase"] as bool? ?? false;
        _prefix = o["source_prefix"] as string ?? "";
        _maxSource = o["max_source_length"] as int? ?? StandardOptions.DefaultOf<int>("max_source_length");
        _maxTarget = o["max_target_length"] as int? ?? StandardOptions.DefaultOf<int>("max_target_length");
        _valMaxTarget = o["val_max_target_length"] as int? ?? _maxTarget;
    }

    public void ValidateColumns(IReadOnlyList<string> columns, string source)
    {
        foreach (var (option, column) in new[] { ("text_column", _text), ("target_column", _target) })
        {
            if (!columns.Contains(column))
                throw new TaskInputException($"--{option} '{column}' needs to be one of: {string.Join(", ", columns)} (the columns of {source}).");
        }
    }

    public Seq2SeqExample? Build(DataRow row, DataSplit split)
    {
        string? text = row.Text(_text), target = row.Text(_target);
        if (string.IsNullOrWhiteSpace(text) || string.IsNullOrWhiteSpace(target))
            return null;
        if (_lowercase)
            (text, target) = (text.ToLowerInvariant(), target.ToLowerInvariant());
        int maxTarget = split == DataSplit.Train ? _maxTarget : _valMaxTarget;
        return new Seq2SeqExample(_tokenizer.Encode(_prefix + text, _maxSource), _tokenizer.Encode(target, maxTarget), target);
    }
}
