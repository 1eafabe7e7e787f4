using HfTrain.Abstractions;
using HfTrain.Host.Options;
using HfTrain.Host.Jobs;

namespace HfTrain.Host.Tests.Jobs;

/// <summary>The tokenized-data cache key changes with everything that can change the token ids, and only with that.</summary>
public sealed class ExampleCacheKeyTests
{
    static readonly TaskDescriptor Task = new("summarization", "1.0.0", "A task.", ModelHead.Seq2SeqLM);
    static readonly string[] TaskOptions = ["text_column", "max_source_length", "source_prefix", "overwrite_cache", "preprocessing_num_workers"];

    static ParsedOptions Options(params (string Name, object? Value)[] changes)
    {
        var values = new Dictionary<string, object?>
        {
            ["text_column"] = "document", ["max_source_length"] = 512, ["source_prefix"] = "", ["overwrite_cache"] = false,
            ["preprocessing_num_workers"] = null, ["learning_rate"] = 5e-5,
        };
        foreach (var (name, value) in changes)
            values[name] = value;
        return new ParsedOptions(values);
    }

    static string Key(string pluginCode = "plugin:1", ParsedOptions? options = null, string[]? tokenizerFiles = null) =>
        ExampleCacheKey.Compute(Task, pluginCode, DataSplit.Train, "no-such-source", 10, options ?? Options(), TaskOptions, tokenizerFiles ?? []);

    [Fact]
    public void The_key_is_stable()
    {
        Assert.Equal(Key(), Key());
    }

    [Fact]
    public void Another_plugin_build_gives_another_key()
    {
        Assert.NotEqual(Key(), Key(pluginCode: "plugin:2"));
    }

    [Theory]
    [InlineData("text_column", "body")]
    [InlineData("max_source_length", 1024)]
    [InlineData("source_prefix", "summarize: ")]
    public void Any_task_option_changes_the_key(string name, object value)
    {
        Assert.NotEqual(Key(), Key(options: Options((name, value))));
    }

    [Fact]
    public void Options_that_cannot_change_examples_keep_the_key()
    {
        // overwrite_cache keyed would file the rebuilt entry where the next run (without it) never looks
        Assert.Equal(Key(), Key(options: Options(("overwrite_cache", true), ("preprocessing_num_workers", 4))));
        Assert.Equal(Key(), Key(options: Options(("learning_rate", 1e-3))));   // not a task option: the builder cannot read it
    }

    [Fact]
    public void The_tokenizer_files_contents_are_in_the_key()
    {
        using var dir = new TempDir();
        string file = Path.Combine(dir.Path, "tokenizer.json");
        File.WriteAllText(file, "{\"v\": 1}");
        string first = Key(tokenizerFiles: [file]);
        File.WriteAllText(file, "{\"v\": 2}");
        Assert.NotEqual(first, Key(tokenizerFiles: [file]));
    }

    [Fact]
    public void A_plugins_code_identity_is_its_assemblys_mvid()
    {
        var plugins = new HostHarness().Catalog.Plugins;
        var identities = plugins.Select(p => CodeIdentity.OfPlugin(p.Plugin)).ToList();
        Assert.Equal(identities.Count, identities.Distinct().Count());
        var summarization = plugins.Single(p => p.Name == "summarization").Plugin;
        Assert.Contains(summarization.GetType().Assembly.ManifestModule.ModuleVersionId.ToString("N"), CodeIdentity.OfPlugin(summarization));
    }

    [Fact]
    public void The_example_builder_sees_only_the_task_options()
    {
        var view = new TaskOptionView(Options(), TaskOptions, "summarization");
        Assert.Equal("document", view["text_column"]);
        var error = Assert.Throws<KeyNotFoundException>(() => view["learning_rate"]);
        Assert.Contains("list 'learning_rate' in the plugin's Options", error.Message);
    }

    [Fact]
    public void Env_prints_the_cache_folder()
    {
        var text = HfTrain.Host.Commands.EnvCommand.Describe(new HostHarness().Catalog, new System.Collections.Hashtable { ["HF_HOME"] = "/h" });
        Assert.Contains($"- Tokenized-data cache: {Path.Combine("/h", "datasets", "hf-train")}", text);
    }
}
