namespace HfTrain.Plugins.Summarization;

/// <summary>
/// run_summarization.py's <c>summarization_name_mapping</c>: the text and summary columns of well-known datasets,
/// used when --text_column / --summary_column are not given.
/// </summary>
internal static class KnownDatasets
{
    public static IReadOnlyDictionary<string, (string Text, string Summary)> Columns { get; } = new Dictionary<string, (string, string)>
    {
        ["amazon_reviews_multi"] = ("review_body", "review_title"),
        ["big_patent"] = ("description", "abstract"),
        ["cnn_dailymail"] = ("article", "highlights"),
        ["orange_sum"] = ("text", "summary"),
        ["pn_summary"] = ("article", "summary"),
        ["psc"] = ("extract_text", "summary_text"),
        ["samsum"] = ("dialogue", "summary"),
        ["thaisum"] = ("body", "summary"),
        ["xglue"] = ("news_body", "news_title"),
        ["xsum"] = ("document", "summary"),
        ["wiki_summary"] = ("article", "highlights"),
        ["multi_news"] = ("document", "summary"),
    };

    /// <summary>The table entry for a dataset name or path (its last path part, without an owner prefix).</summary>
    public static (string Text, string Summary)? For(string? datasetName)
    {
        if (string.IsNullOrEmpty(datasetName))
            return null;
        string key = datasetName.TrimEnd('/').Split('/', '\\')[^1];
        return Columns.TryGetValue(key, out var columns) ? columns : null;
    }
}
