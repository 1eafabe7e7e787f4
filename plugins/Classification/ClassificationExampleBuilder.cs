using System.Globalization;
using HfTrain.Abstractions;

namespace HfTrain.Plugins.Classification;

/// <summary>
/// run_classification.py's preprocess_function: the text columns joined with text_column_delimiter, tokenized to
/// max_seq_length (truncated, &lt;/s&gt; kept last); the label column's value, as text, is the example's reference (the
/// host maps it to the label id): a name, a JSON array of names for a list (multi-label), a value with a decimal point
/// for a float (regression; with --do_regression every number). Rows without text are dropped; a test row without a
/// label keeps an empty one. --remove_columns takes columns out of every split as datasets' remove_columns does: a
/// column the split lacks is an error naming the columns it has.
/// </summary>
internal sealed class ClassificationExampleBuilder : IExampleBuilder
{
    readonly TaskContext _context;
    readonly string[] _textColumns;
    readonly string _delimiter, _label;
    readonly int _maxLength;
    readonly HashSet<string> _removed;
    readonly bool? _regression;
    bool _hasLabel = true;

    public ClassificationExampleBuilder(TaskContext context)
    {
        _context = context;
        IOptionValues o = context.Options;
        _textColumns = (o["text_column_names"] as string ?? "sentence").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        _delimiter = o["text_column_delimiter"] as string ?? " ";
        _label = o["label_column_name"] as string ?? "label";
        _maxLength = o["max_seq_length"] as int? ?? 128;
        if (_maxLength <= 0)
            throw new TaskInputException($"--max_seq_length must be at least 1, got {_maxLength}.");
        _regression = o["do_regression"] as bool?;
        _removed = (o["remove_columns"] as string ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        foreach (string column in _textColumns.Append(_label).Where(_removed.Contains))
            throw new TaskInputException($"--remove_columns removes '{column}', which --text_column_names or --label_column_name needs.");
    }

    public void ValidateColumns(IReadOnlyList<string> columns, string source)
    {
        foreach (string column in _removed.Where(c => !columns.Contains(c)))
            throw new TaskInputException($"--remove_columns '{column}': no such column in {source} (\"Column name ['{column}'] not in the dataset\"); " +
                                         $"its columns are: {string.Join(", ", columns)}.");
        columns = columns.Where(c => !_removed.Contains(c)).ToList();
        foreach (string column in _textColumns.Where(c => !columns.Contains(c)))
            throw new TaskInputException($"--text_column_names '{column}' needs to be one of: {string.Join(", ", columns)} (the columns of {source}).");
        _hasLabel = columns.Contains(_label);
    }

    public Seq2SeqExample? Build(DataRow row, DataSplit split)
    {
        var parts = _textColumns.Select(row.Text).ToList();
        if (parts.Any(p => p is null))
            return null;
        string text = string.Join(_delimiter, parts);
        string? label = _hasLabel ? LabelText(row.Values.GetValueOrDefault(_label)) : null;
        if (label is null && split != DataSplit.Test)
        {
            if (_hasLabel)
                return null;
            throw new TaskInputException($"{row.Location}: no column '{_label}'; name the label column with --label_column_name.");
        }
        return new Seq2SeqExample(_context.Tokenizer.Encode(text, _maxLength), [], label ?? "");
    }

    /// <summary>A label as the host reads it (see <see cref="IClassificationTask"/>): strings as they are, integers in
    /// invariant text, floats as Python prints them ("2.0"), lists as a JSON array of their items' text.</summary>
    string? LabelText(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "True" : "False",
        double d => PythonFloat(d),
        long l when _regression == true => PythonFloat(l),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list => System.Text.Json.JsonSerializer.Serialize(list.Cast<object?>().Select(v => Item(v)).ToList()),
        _ => value.ToString(),
    };

    static string Item(object? value) => value switch
    {
        null => "None",
        string s => s,
        bool b => b ? "True" : "False",
        double d => PythonFloat(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>repr(float): round-trip digits, always with a decimal point or exponent.</summary>
    static string PythonFloat(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return double.IsFinite(value) && !text.Contains('.') && !text.Contains('E') ? text + ".0" : text;
    }
}
