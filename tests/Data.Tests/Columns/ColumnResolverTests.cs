using HfTrain.Abstractions;
using HfTrain.Data.Columns;
using HfTrain.Data.Files;

namespace HfTrain.Data.Tests.Columns;

public sealed class ColumnResolverTests
{
    private static readonly string[] CnnColumns = ["article", "highlights", "id"];

    [Fact]
    public void Known_dataset_takes_its_columns_from_the_run_summarization_table()
    {
        Assert.Equal(new SummarizationColumns("article", "highlights"),
            ColumnResolver.ResolveSummarization(CnnColumns, "cnn_dailymail", null, null, "cnn"));
        Assert.Equal(new SummarizationColumns("article", "highlights"),
            ColumnResolver.ResolveSummarization(CnnColumns, "abisee/cnn_dailymail", null, null, "cnn"));
        Assert.Equal(("dialogue", "summary"), SummarizationNameMapping.Find("samsum"));
        Assert.Equal(("document", "summary"), SummarizationNameMapping.Find("xsum"));
    }

    [Fact]
    public void Unknown_dataset_takes_the_first_two_columns()
    {
        var file = DatasetReader.Read(Inputs.Path("tiny.jsonl"));

        Assert.Equal(new SummarizationColumns("id", "document"),
            ColumnResolver.ResolveSummarization(file.Columns, null, null, null, file.Path));
    }

    [Fact]
    public void Given_columns_win_over_the_table()
    {
        Assert.Equal(new SummarizationColumns("id", "article"),
            ColumnResolver.ResolveSummarization(CnnColumns, "cnn_dailymail", "id", "article", "cnn"));
    }

    [Fact]
    public void Wrong_text_column_lists_the_columns_that_exist()
    {
        var e = Assert.Throws<TaskInputException>(
            () => ColumnResolver.ResolveSummarization(["document", "summary"], null, "text", null, "train.jsonl"));

        Assert.Equal("train.jsonl: --text_column value 'text' needs to be one of: document, summary.", e.Message);
    }

    [Fact]
    public void One_column_file_without_options_says_what_is_missing()
    {
        var e = Assert.Throws<TaskInputException>(
            () => ColumnResolver.ResolveSummarization(["document"], null, null, null, "train.jsonl"));

        Assert.Contains("--summary_column", e.Message);
        Assert.Contains("document", e.Message);
    }

    [Fact]
    public void Translation_reads_inside_the_translation_column()
    {
        var file = DatasetReader.Read(Inputs.Path("translation.jsonl"));
        var keys = ColumnResolver.TranslationKeys(file.Rows);

        var columns = ColumnResolver.ResolveTranslation(file.Columns, keys, "en_XX", "de_DE", file.Path);

        Assert.Equal(new TranslationColumns("translation", "en", "de"), columns);
        Assert.Equal("It converts files.", columns.SourceText(file.Rows[1]));
        Assert.Equal("Es konvertiert Dateien.", columns.TargetText(file.Rows[1]));
    }

    [Fact]
    public void Translation_falls_back_to_flat_language_columns()
    {
        var file = DatasetReader.Read(Inputs.Path("translation_flat.csv"));

        var columns = ColumnResolver.ResolveTranslation(file.Columns, [], "en", "de", file.Path);

        Assert.Equal(new TranslationColumns(null, "en", "de"), columns);
        Assert.Equal("eine Datei konvertieren", columns.TargetText(file.Rows[0]));
    }

    [Fact]
    public void Wrong_target_language_lists_the_languages_present()
    {
        var file = DatasetReader.Read(Inputs.Path("translation.jsonl"));

        var e = Assert.Throws<TaskInputException>(() => ColumnResolver.ResolveTranslation(
            file.Columns, ColumnResolver.TranslationKeys(file.Rows), "en", "fr", "translation.jsonl"));

        Assert.Equal("translation.jsonl: --target_lang 'fr' is not a language of the 'translation' column, which holds: en, de. Pick one of those.", e.Message);
    }

    [Fact]
    public void Wrong_flat_language_lists_the_columns()
    {
        var e = Assert.Throws<TaskInputException>(
            () => ColumnResolver.ResolveTranslation(["en", "de"], [], "en", "ro", "pairs.csv"));

        Assert.Contains("--target_lang value 'ro' needs to be one of: en, de", e.Message);
    }
}
