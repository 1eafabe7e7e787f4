using HfTrain.Abstractions;

namespace HfTrain.Data.Columns;

/// <summary>Which columns hold the source and target text, resolved before any row is read.</summary>
public sealed record SummarizationColumns(string Text, string Summary);

/// <summary>Translation text lives either inside a nested column (<paramref name="Nested"/> = "translation", the
/// wmt16 layout) or in flat columns named by the language codes (<paramref name="Nested"/> = null).</summary>
public sealed record TranslationColumns(string? Nested, string Source, string Target)
{
    /// <summary>The source text of <paramref name="row"/> (null when missing: the task drops the row).</summary>
    public string? SourceText(DataRow row) => Inner(row)?.Text(Source);

    public string? TargetText(DataRow row) => Inner(row)?.Text(Target);

    private DataRow? Inner(DataRow row)
    {
        if (Nested is null)
            return row;
        if (!row.Values.TryGetValue(Nested, out var value) || value is null)
            return null;
        return value as DataRow ?? throw new TaskInputException(
            $"{row.Location}: column '{Nested}' holds a {value.GetType().Name}; expected an object like {{\"{Source}\": ..., \"{Target}\": ...}}.");
    }
}

/// <summary>
/// Column resolution of run_summarization.py / run_translation.py as pure functions of names, so the host can
/// call it before handing column names to a plugin. A wrong name is a <see cref="TaskInputException"/> that lists
/// the columns that exist.
/// </summary>
public static class ColumnResolver
{
    /// <summary>--text_column/--summary_column, else the dataset's entry in <see cref="SummarizationNameMapping"/>,
    /// else the first two columns (run_summarization.py's order of precedence).</summary>
    public static SummarizationColumns ResolveSummarization(
        IReadOnlyList<string> columns, string? datasetName, string? textColumn, string? summaryColumn, string source)
    {
        var mapped = SummarizationNameMapping.Find(datasetName);
        var text = textColumn ?? mapped?.Text ?? Positional(columns, 0, "--text_column", source);
        var summary = summaryColumn ?? mapped?.Summary ?? Positional(columns, 1, "--summary_column", source);
        Require(columns, text, textColumn is null ? $"the text column of {datasetName}" : "--text_column", source);
        Require(columns, summary, summaryColumn is null ? $"the summary column of {datasetName}" : "--summary_column", source);
        return new SummarizationColumns(text, summary);
    }

    /// <summary>
    /// --source_lang/--target_lang inside a <c>translation</c> column (its keys as seen in the first row), else flat
    /// columns named by the codes. Codes like <c>en_XX</c> (mBART) are cut at '_' as run_translation.py does.
    /// </summary>
    public static TranslationColumns ResolveTranslation(
        IReadOnlyList<string> columns, IReadOnlyList<string> translationKeys, string sourceLang, string targetLang, string source)
    {
        if (string.IsNullOrWhiteSpace(sourceLang) || string.IsNullOrWhiteSpace(targetLang))
            throw new TaskInputException("Translation needs --source_lang and --target_lang (e.g. --source_lang en --target_lang de).");
        var src = sourceLang.Split('_')[0];
        var tgt = targetLang.Split('_')[0];
        if (columns.Contains("translation"))
        {
            foreach (var (code, option) in new[] { (src, "--source_lang"), (tgt, "--target_lang") })
                if (!translationKeys.Contains(code))
                    throw new TaskInputException(
                        $"{source}: {option} '{code}' is not a language of the 'translation' column, which holds: " +
                        $"{List(translationKeys)}. Pick one of those.");
            return new TranslationColumns("translation", src, tgt);
        }
        Require(columns, src, "--source_lang", source, "or a 'translation' column holding {\"" + src + "\": ..., \"" + tgt + "\": ...}");
        Require(columns, tgt, "--target_lang", source, "or a 'translation' column holding {\"" + src + "\": ..., \"" + tgt + "\": ...}");
        return new TranslationColumns(null, src, tgt);
    }

    /// <summary>The keys of the <c>translation</c> object in the first row that has one (empty when none).</summary>
    public static IReadOnlyList<string> TranslationKeys(IEnumerable<DataRow> rows) =>
        rows.Select(r => r.Values.GetValueOrDefault("translation") as DataRow).FirstOrDefault(t => t is not null)
            ?.Values.Keys.ToList() ?? [];

    private static string Positional(IReadOnlyList<string> columns, int index, string option, string source) =>
        index < columns.Count
            ? columns[index]
            : throw new TaskInputException(
                $"{source}: has {columns.Count} column(s) ({List(columns)}); summarization needs a text and a summary column. " +
                $"Add one, or name them with {option}.");

    private static void Require(IReadOnlyList<string> columns, string name, string what, string source, string? orElse = null)
    {
        if (!columns.Contains(name))
            throw new TaskInputException(
                $"{source}: {what} value '{name}' needs to be one of: {List(columns)}{(orElse is null ? "" : " " + orElse)}.");
    }

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "(none)" : string.Join(", ", names);
}
