using HfTrain.Abstractions;

namespace HfTrain.Plugins.Summarization.Tests;

/// <summary>run_summarization.py's column choice and preprocess_function, through the plugin's example builder.</summary>
public sealed class ExampleBuilderTests
{
    static IExampleBuilder Builder(Dictionary<string, object?> values, List<string>? warnings = null) =>
        new SummarizationPlugin().CreateExampleBuilder(new TaskContext(new DictionaryOptions(values), new WhitespaceTokenizer(), w => warnings?.Add(w)));

    static DataRow Row(params (string Key, object? Value)[] values) =>
        new(values.ToDictionary(v => v.Key, v => v.Value), "test.jsonl:line 1");

    [Fact]
    public void A_known_dataset_uses_its_columns_from_the_table()
    {
        var builder = Builder(new() { ["dataset_name"] = "abisee/cnn_dailymail", ["source_prefix"] = "summarize: " });
        builder.ValidateColumns(["id", "article", "highlights"], "cnn");
        var example = builder.Build(Row(("id", "x"), ("article", "a long article"), ("highlights", "short")), DataSplit.Train)!;
        Assert.Equal(5, example.InputIds.Length);       // summarize: a long article </s>
        Assert.Equal("short", example.Reference);
    }

    [Fact]
    public void Otherwise_the_first_two_columns_are_text_and_summary()
    {
        var builder = Builder(new());
        builder.ValidateColumns(["document", "summary", "id"], "file");
        Assert.Equal("b", builder.Build(Row(("document", "a"), ("summary", "b"), ("id", "c")), DataSplit.Train)!.Reference);
    }

    [Fact]
    public void A_wrong_column_lists_the_columns_that_exist()
    {
        var builder = Builder(new() { ["text_column"] = "body" });
        var error = Assert.Throws<TaskInputException>(() => builder.ValidateColumns(["document", "summary"], "train.csv"));
        Assert.Contains("--text_column 'body' needs to be one of: document, summary", error.Message);
    }

    [Fact]
    public void Rows_with_an_empty_text_or_summary_are_dropped_and_eval_uses_val_max_target_length()
    {
        var builder = Builder(new() { ["max_target_length"] = 3, ["val_max_target_length"] = 5 });
        builder.ValidateColumns(["text", "summary"], "file");
        Assert.Null(builder.Build(Row(("text", ""), ("summary", "s")), DataSplit.Train));
        Assert.Null(builder.Build(Row(("text", "t"), ("summary", null)), DataSplit.Train));
        Assert.Equal(3, builder.Build(Row(("text", "t"), ("summary", "a b c d e f")), DataSplit.Train)!.Labels.Length);
        Assert.Equal(5, builder.Build(Row(("text", "t"), ("summary", "a b c d e f")), DataSplit.Validation)!.Labels.Length);
    }

    [Fact]
    public void A_t5_model_without_a_source_prefix_gets_the_scripts_warning()
    {
        var warnings = new List<string>();
        Builder(new() { ["model_name_or_path"] = "google-t5/t5-small" }, warnings);
        Assert.Contains(warnings, w => w.Contains("didn't provide a source prefix", StringComparison.Ordinal));
    }
}
