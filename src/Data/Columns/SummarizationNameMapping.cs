namespace HfTrain.Data.Columns;

/// <summary>
/// Default (text, summary) columns of well-known Hub datasets: the <c>summarization_name_mapping</c> table of
/// transformers' examples/pytorch/summarization/run_summarization.py, copied entry for entry.
/// </summary>
public static class SummarizationNameMapping
{
    public static IReadOnlyDictionary<string, (string Text, string Summary)> Table { get; } =
        new Dictionary<string, (string, string)>(StringComparer.Ordinal)
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

    /// <summary>The entry for <paramref name="datasetName"/>, matched whole ("xsum") or by the repository part of
    /// a namespaced id ("EdinburghNLP/xsum", "abisee/cnn_dailymail"), which the Python table predates.</summary>
    public static (string Text, string Summary)? Find(string? datasetName)
    {
        if (string.IsNullOrEmpty(datasetName))
            return null;
        if (Table.TryGetValue(datasetName, out var hit))
            return hit;
        var slash = datasetName.LastIndexOf('/');
        return slash >= 0 && Table.TryGetValue(datasetName[(slash + 1)..], out hit) ? hit : null;
    }
}
