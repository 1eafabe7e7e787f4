using HfTrain.Abstractions;

namespace Acme.Headline.Tests;

/// <summary>The plugin without a host: its options, its examples and its metric, with a stand-in tokenizer.</summary>
public sealed class PluginTests
{
    [Fact]
    public void The_options_hold_both_standard_sets_and_defaults_of_their_kinds_type()
    {
        var standard = StandardOptions.Model.Concat(StandardOptions.Seq2SeqData).Select(o => o.Name).ToHashSet();
        Assert.Superset(standard, new Plugin().Options.Select(o => o.Name).ToHashSet());
        foreach (TaskOption option in new Plugin().Options.Where(o => o.Default is not null))
        {
            Type expected = option.Kind switch { OptionKind.Int => typeof(int), OptionKind.Float => typeof(double), OptionKind.Bool => typeof(bool), _ => typeof(string) };
            Assert.True(option.Default!.GetType() == expected, option.Name);
        }
    }

    [Fact]
    public void The_task_is_named_after_the_project()
    {
        Assert.Equal("headline", new Plugin().Descriptor.Name);
    }

    [Fact]
    public void An_example_gets_the_prefix_and_is_truncated_and_an_empty_target_drops_the_row()
    {
        var builder = new Plugin().CreateExampleBuilder(Context(new() { ["source_prefix"] = "headline: ", ["max_source_length"] = 3 }));
        builder.ValidateColumns(["document", "summary"], "train.jsonl");

        Seq2SeqExample example = builder.Build(Row("the cat sat on the mat", "cat sits"), DataSplit.Train)!;

        Assert.Equal([Words.Id("headline:"), Words.Id("the"), Words.Eos], example.InputIds);
        Assert.Equal([Words.Id("cat"), Words.Id("sits"), Words.Eos], example.Labels);
        Assert.Equal("cat sits", example.Reference);
        Assert.Null(builder.Build(Row("text", ""), DataSplit.Train));
    }

    [Fact]
    public void A_missing_column_is_refused_naming_the_columns_there_are()
    {
        var builder = new Plugin().CreateExampleBuilder(Context(new() { ["text_column"] = "body" }));
        var error = Assert.Throws<TaskInputException>(() => builder.ValidateColumns(["document", "summary"], "train.jsonl"));
        Assert.Contains("--text_column 'body' needs to be one of: document, summary", error.Message);
    }

    [Fact]
    public void The_metric_scores_exact_matches_and_shared_words()
    {
        var scores = new Plugin().CreateMetric(Context(new())).Compute(["a b", "a b c d"], ["a b", "a x"]);
        Assert.Equal(50, scores["exact_match"]);
        Assert.Equal(66.6667, scores["word_f1"]); // (1 + 2*(1/4)*(1/2)/(3/4)) / 2
    }

    static DataRow Row(string document, string summary) => new(new Dictionary<string, object?> { ["document"] = document, ["summary"] = summary }, "train.jsonl:1");

    static TaskContext Context(Dictionary<string, object?> values) => new(new Values(values), new Words(), _ => { });

    sealed class Values(Dictionary<string, object?> values) : IOptionValues
    {
        public object? this[string name] => values.TryGetValue(name, out var v) ? v : new Plugin().Options.FirstOrDefault(o => o.Name == name)?.Default;

        public bool IsSet(string name) => values.ContainsKey(name);
    }

    /// <summary>One id per distinct word, EOS appended and kept last when truncated (as the model's tokenizer does).</summary>
    sealed class Words : ITextTokenizer
    {
        public const int Eos = 1;

        public static int Id(string word) => 2 + (int)((uint)StringComparer.Ordinal.GetHashCode(word) % 30000);

        public int[] Encode(string text, int maxLength) =>
            [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Id).Take(maxLength - 1), Eos];

        public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens) => throw new NotSupportedException();

        public int PadTokenId => 0;

        public int EosTokenId => Eos;
    }
}
