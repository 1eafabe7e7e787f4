using System.CommandLine;
using System.Text.Json.Nodes;
using HfTrain.Abstractions;
using HfTrain.Data.Predictions;
using HfTrain.Host.Cli;
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
        var task = new Argument<string>("task") { Description = $"The task whose metrics to compute ({string.Join(", ", catalog.Plugins.Select(p => p.Name))})." };
        var predictions = new Option<string>("--predictions") { Description = "Predictions file, one text per line.", Required = true };
        var references = new Option<string>("--references") { Description = "References file, one text per line (same count).", Required = true };
        var command = new Command("metrics", "Score predictions against references with a task's metrics (e.g. ROUGE, sacreBLEU) and print JSON.")
        {
            task, predictions, references,
        };
        command.SetAction(result =>
        {
            string name = result.GetValue(task)!;
            LoadedPlugin plugin = catalog.Find(name) ?? throw new UsageException(
                $"unknown task '{name}'; tasks: {string.Join(", ", catalog.Plugins.Select(p => p.Name))}.");
            var context = new TaskContext(new ParsedOptions(new Dictionary<string, object?>()), new NoTokenizer(), _ => { });
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
