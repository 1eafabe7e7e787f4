using System.CommandLine;
using System.Text.Json.Nodes;
using HfTrain.Abstractions;
using HfTrain.Data.Predictions;
using HfTrain.Host.Options;
using HfTrain.Host.Plugins;

namespace HfTrain.Host.Commands;

/// <summary>
/// <c>hf-train metrics &lt;task&gt; --predictions P --references R</c>: the task's metrics as JSON, for outputs of any
/// system (one text per line, newlines escaped as in generated_predictions.txt) and for CI gates.
/// </summary>
internal sealed class MetricsCommand(PluginCatalog catalog) : IHostCommand
{
    public Command Create()
    {
        var command = new Command("metrics", "Score predictions against references with a task's metrics (e.g. ROUGE, sacreBLEU) and print JSON.");
        foreach (LoadedPlugin plugin in catalog.Plugins)
            command.Subcommands.Add(ForTask(plugin));
        return command;
    }

    /// <summary>
    /// <c>hf-train metrics &lt;task&gt;</c>: the files, and the task's own options as its training command takes them
    /// (a metric may read them, e.g. a lower-casing switch). The shared model and data options parse but stay out of
    /// help: metrics never load a model or a dataset.
    /// </summary>
    static Command ForTask(LoadedPlugin plugin)
    {
        var predictions = new Option<string>("--predictions") { Description = "Predictions file, one text per line.", Required = true, HelpName = "file" };
        var references = new Option<string>("--references") { Description = "References file, one text per line (same count).", Required = true, HelpName = "file" };
        var command = new OptionsCommand(plugin.Name, $"Score with the {plugin.Name} task's metrics and print JSON.") { predictions, references };
        var standard = StandardOptions.Model.Concat(StandardOptions.Seq2SeqData).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var bindings = plugin.Plugin.Options.Select(OptionBinding.Create).ToList();
        foreach (OptionBinding binding in bindings)
        {
            binding.Option.Hidden = standard.Contains(binding.Spec.Name);
            command.Options.Add(binding.Option);
        }
        command.SetAction(result =>
        {
            var context = new TaskContext(new ParsedOptions(bindings, result), new NoTokenizer(),
                message => result.InvocationConfiguration.Error.WriteLine($"warning: {message}"));
            var metrics = MetricsFiles.Compute(plugin.Plugin.CreateMetric(context), result.GetValue(predictions)!, result.GetValue(references)!);
            var json = new JsonObject();
            foreach (var (key, value) in metrics)
                json[key] = value;
            result.InvocationConfiguration.Output.WriteLine(json.ToJsonString(new() { WriteIndented = true }));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Metrics work on strings: a plugin that asks for the tokenizer here gets a clear error.</summary>
    sealed class NoTokenizer : ITextTokenizer
    {
        public int PadTokenId => 0;

        public int EosTokenId => 1;

        public int[] Encode(string text, int maxLength) => throw new TaskInputException("hf-train metrics has no tokenizer: metrics are computed on text.");

        public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens) => throw new TaskInputException("hf-train metrics has no tokenizer: metrics are computed on text.");
    }
}
