using HfTrain.Abstractions;
using HfTrain.Host.Commands;
using HfTrain.Host.Composition;
using HfTrain.Host.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace HfTrain.Host.Tests.Plugins;

/// <summary>A plugin's descriptor and options are checked at load; every problem is reported, each naming the option and the fix.</summary>
public sealed class PluginRulesTests
{
    sealed class FakePlugin(IReadOnlyList<TaskOption> options, string name = "fake", ModelHead head = ModelHead.Seq2SeqLM) : ITaskPlugin
    {
        public TaskDescriptor Descriptor { get; } = new(name, "1.0.0", "A fake task.", head);

        public IReadOnlyList<TaskOption> Options { get; } = options;

        public IExampleBuilder CreateExampleBuilder(TaskContext context) => throw new NotSupportedException();

        public IMetric CreateMetric(TaskContext context) => throw new NotSupportedException();
    }

    static readonly TaskOption[] Standard = [.. StandardOptions.Model, .. StandardOptions.Seq2SeqData];

    [Fact]
    public void A_plugin_with_the_standard_options_and_its_own_passes()
    {
        Assert.Empty(PluginRules.Problems(new FakePlugin([.. Standard, new("my_column", OptionKind.String, "text", "A column.")])));
    }

    [Fact]
    public void The_built_in_plugins_pass()
    {
        Assert.All(new HostHarness().Catalog.Plugins, p => Assert.Empty(PluginRules.Problems(p.Plugin)));
    }

    [Fact]
    public void An_option_named_like_a_training_option_is_refused_with_the_fix()
    {
        var problem = Assert.Single(PluginRules.Problems(new FakePlugin([.. Standard, new("seed", OptionKind.Int, 1, "Mine.")])));
        Assert.Contains("option 'seed' clashes with --seed", problem);
        Assert.Contains("rename the plugin's option (e.g. 'fake_seed')", problem);
    }

    [Fact]
    public void An_alias_that_clashes_with_a_training_options_alias_is_refused()
    {
        var problem = Assert.Single(PluginRules.Problems(new FakePlugin([.. Standard, new("my_cuda", OptionKind.Bool, false, "Mine.") { Aliases = ["no_cuda"] }])));
        Assert.Contains("alias 'no_cuda'", problem);
        Assert.Contains("--use_cpu", problem);
    }

    [Theory]
    [InlineData(OptionKind.Int, "10", "String")]
    [InlineData(OptionKind.Int, 10L, "Int64")]
    [InlineData(OptionKind.Float, 1, "Int32")]
    [InlineData(OptionKind.Bool, "yes", "String")]
    [InlineData(OptionKind.String, 3, "Int32")]
    public void A_default_of_the_wrong_type_is_refused(OptionKind kind, object value, string type)
    {
        var problem = Assert.Single(PluginRules.Problems(new FakePlugin([.. Standard, new("limit", kind, value, "Mine.")])));
        Assert.Contains($"option 'limit' is {kind} but its default is a {type}", problem);
        Assert.Contains("or null for none", problem);
    }

    [Fact]
    public void A_plugin_without_the_data_options_its_head_reads_is_refused()
    {
        var problem = Assert.Single(PluginRules.Problems(new FakePlugin([.. StandardOptions.Model])));
        Assert.Contains("the Seq2SeqLM head reads the standard options dataset_name, dataset_config_name", problem);
        Assert.Contains("add `.. StandardOptions.Seq2SeqData`", problem);
    }

    [Fact]
    public void A_standard_option_redefined_with_another_kind_is_refused()
    {
        TaskOption[] options = [.. Standard.Where(o => o.Name != "max_source_length"), new("max_source_length", OptionKind.String, "1024", "Mine.")];
        var problem = Assert.Single(PluginRules.Problems(new FakePlugin(options)));
        Assert.Contains("option 'max_source_length' is String, but the Seq2SeqLM head reads it as Int", problem);
    }

    [Fact]
    public void Duplicates_reserved_names_and_host_command_names_are_refused()
    {
        var problems = PluginRules.Problems(new FakePlugin([.. Standard, new("help", OptionKind.Bool, null, "x"), new("dataset", OptionKind.String, null, "x")], name: "env"));
        Assert.Contains(problems, p => p.Contains("task name 'env' is one of hf-train's own commands"));
        Assert.Contains(problems, p => p.Contains("option 'help' clashes with --help"));
        Assert.Contains(problems, p => p.Contains("option 'dataset' is defined twice (also by option 'dataset_name')"));
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var problems = PluginRules.Problems(new FakePlugin([.. StandardOptions.Model, new("seed", OptionKind.Int, 1, "x"), new("max_words", OptionKind.Int, "10", "x")]));
        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void The_reserved_task_names_are_the_host_commands()
    {
        using var services = Services.Build([]);
        var names = services.GetServices<IHostCommand>().Select(c => c.Create().Name).ToHashSet();
        Assert.Subset(PluginRules.HostCommandNames.ToHashSet(), names);   // every host command is reserved
    }
}
