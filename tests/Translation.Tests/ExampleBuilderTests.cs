using HfTrain.Abstractions;

namespace HfTrain.Plugins.Translation.Tests;

/// <summary>run_translation.py's preprocess_function through the plugin: the translation column or flat columns.</summary>
public sealed class ExampleBuilderTests
{
    static IExampleBuilder Builder(Dictionary<string, object?> values) =>
        new TranslationPlugin().CreateExampleBuilder(new TaskContext(new DictionaryOptions(values), new WhitespaceTokenizer(), _ => { }));

    static DataRow Row(params (string Key, object? Value)[] values) =>
        new(values.ToDictionary(v => v.Key, v => v.Value), "test.jsonl:line 1");

    [Fact]
    public void The_translation_column_gives_source_and_target_with_the_prefix()
    {
        var builder = Builder(new() { ["source_lang"] = "en_XX", ["target_lang"] = "de", ["source_prefix"] = "translate English to German: " });
        builder.ValidateColumns(["id", "translation"], "wmt");
        var pair = Row(("en", "hello world"), ("de", "hallo welt"));
        var example = builder.Build(Row(("id", "1"), ("translation", pair)), DataSplit.Train)!;
        Assert.Equal(7, example.InputIds.Length);        // 4 prefix words + 2 + </s>
        Assert.Equal("hallo welt", example.Reference);
    }

    [Fact]
    public void A_dropped_row_says_which_language_key_is_missing_or_null()
    {
        var builder = Builder(new() { ["source_lang"] = "fr", ["target_lang"] = "de" });
        builder.ValidateColumns(["id", "translation"], "wmt");
        var noFrench = Row(("id", "1"), ("translation", Row(("en", "hello"), ("de", "hallo"))));
        var nullGerman = Row(("id", "2"), ("translation", Row(("fr", "salut"), ("de", null))));

        Assert.Null(builder.Build(noFrench, DataSplit.Train));
        Assert.Null(builder.Build(nullGerman, DataSplit.Train));
        var explains = Assert.IsAssignableFrom<IExplainsDrops>(builder);
        Assert.Equal("no 'fr' key in 'translation' (it has 'en', 'de'; check --source_lang/--target_lang)", explains.DropReason(noFrench));
        Assert.Equal("'de' is null", explains.DropReason(nullGerman));
    }

    [Fact]
    public void Flat_language_columns_work_and_a_missing_one_lists_the_columns()
    {
        var builder = Builder(new() { ["source_lang"] = "en", ["target_lang"] = "fr" });
        builder.ValidateColumns(["en", "fr"], "validation.csv");
        Assert.Equal("bonjour", builder.Build(Row(("en", "hello"), ("fr", "bonjour")), DataSplit.Validation)!.Reference);
        var error = Assert.Throws<TaskInputException>(() => Builder(new() { ["source_lang"] = "en", ["target_lang"] = "de" }).ValidateColumns(["en", "fr"], "validation.csv"));
        Assert.Contains("no 'de' column", error.Message);
        Assert.Contains("en, fr", error.Message);
    }

    [Fact]
    public void Languages_are_required()
    {
        var error = Assert.Throws<TaskInputException>(() => Builder(new() { ["source_lang"] = "en" }));
        Assert.Contains("--target_lang is required", error.Message);
    }
}
