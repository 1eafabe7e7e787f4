using HfTrain.Abstractions;

namespace HfTrain.Tokenization.Tests;

public sealed class LoadAndSaveTests : IDisposable
{
    private readonly List<string> _folders = [];

    public void Dispose()
    {
        foreach (var folder in _folders)
            Directory.Delete(folder, recursive: true);
    }

    private string TempFolder(string prefix)
    {
        var folder = Directory.CreateTempSubdirectory(prefix).FullName;
        _folders.Add(folder);
        return folder;
    }

    [Fact]
    public void A_missing_folder_is_a_task_input_error_naming_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "hftrain-no-such-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<TaskInputException>(() => T5Tokenizer.Load(missing));
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void A_corrupt_spiece_model_is_a_task_input_error_naming_the_file()
    {
        var folder = TempFolder("hftrain-tok-bad");
        File.WriteAllBytes(Path.Combine(folder, "spiece.model"), [0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]);
        var error = Assert.Throws<TaskInputException>(() => T5Tokenizer.Load(folder));
        Assert.Contains(Path.Combine(folder, "spiece.model"), error.Message);
    }

    [Fact]
    public void A_tokenizer_json_that_is_not_unigram_is_a_task_input_error()
    {
        var folder = TempFolder("hftrain-tok-bpe");
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), """{"model": {"type": "BPE", "vocab": {}}}""");
        var error = Assert.Throws<TaskInputException>(() => T5Tokenizer.Load(folder));
        Assert.Contains("BPE", error.Message);
        Assert.Contains("tokenizer.json", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Save_copies_the_source_files_and_the_copy_loads_the_same(bool spieceOnly)
    {
        var original = Fixture.Tokenizer("tok-tiny", spieceOnly);
        var target = TempFolder("hftrain-tok-save");

        original.Save(target);
        var reloaded = T5Tokenizer.Load(target);

        foreach (var source in original.SourceFiles)
            Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(Path.Combine(target, Path.GetFileName(source))));
        Assert.Equal(spieceOnly ? ["spiece.model", "tokenizer_config.json"] : new[] { "tokenizer.json", "tokenizer_config.json" },
            Directory.GetFiles(target).Select(Path.GetFileName).Order());
        const string text = "summarize: <extra_id_0> Ünïcödé … converts address books";
        Assert.Equal(original.Encode(text), reloaded.Encode(text));
        Assert.Equal(original.VocabularySize, reloaded.VocabularySize);
    }

    [Fact]
    public void Encode_rejects_a_max_length_below_one()
    {
        var tokenizer = Fixture.Tokenizer("tok-tiny", spieceOnly: false);
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Encode("x", 0));
        Assert.Equal([1], tokenizer.Encode("many words here", 1));
    }

    [Fact]
    public void Tok_tiny_has_the_fixture_layout()
    {
        // tests/Fixtures/README.md: 1000 pieces + 100 sentinels, pad 0, eos 1, unk 2, extra_id_0 = 1000.
        var tokenizer = Fixture.Tokenizer("tok-tiny", spieceOnly: false);
        Assert.Equal(1100, tokenizer.VocabularySize);
        Assert.Equal(1000, tokenizer.TokenToId("<extra_id_0>"));
        Assert.Equal(1099, Fixture.Tokenizer("tok-tiny", spieceOnly: true).TokenToId("<extra_id_0>"));
    }
}
