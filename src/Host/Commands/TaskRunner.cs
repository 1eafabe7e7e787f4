using System.CommandLine;
using HfTrain.Abstractions;
using HfTrain.Host.Options;
using HfTrain.Host.Plugins;

namespace HfTrain.Host.Commands;

/// <summary>
/// Runs a task command: reports legacy spellings, refuses options this version does not act on and what the HF
/// scripts refuse, then trains / evaluates / predicts with the engine.
/// </summary>
internal sealed class TaskRunner
{
    public int Run(LoadedPlugin plugin, IReadOnlyList<OptionBinding> bindings, ParseResult result)
    {
        TextWriter output = result.InvocationConfiguration.Output;
        TextWriter error = result.InvocationConfiguration.Error;
        foreach (OptionBinding binding in bindings)
        {
            string? used = binding.UsedName(result);
            if (used is not null && binding.Spec.Aliases.Any(a => used.TrimStart('-').Replace('-', '_') == a))
                error.WriteLine($"note: {used} is a legacy name; use --{binding.Spec.Name}.");
        }
        var options = new ParsedOptions(bindings, result);
        var refused = options.SetNames
            .Where(name => OptionSupport.NotYetImplemented.ContainsKey(name) && !OptionSupport.IsHarmless(name, options[name]))
            .Select(name => $"  --{name}: {OptionSupport.NotYetImplemented[name]}")
            .ToList();
        if (refused.Count > 0)
            throw new UsageException($"hf-train {ToolVersion.Text} does not support these options yet:\n{string.Join('\n', refused)}\n" +
                                     "Remove them to run without them.");
        if (options.Bool("trust_remote_code"))
            throw new UsageException("--trust_remote_code is refused: hf-train never runs Python code from a model repository.");
        using var world = Jobs.RunWorld.Join(options.Bool("use_cpu"), Environment.GetEnvironmentVariable);
        int code = Jobs.DiskFullCleanup.Run(options.String("output_dir"), () => plugin.Plugin.Descriptor.Head switch
        {
            ModelHead.Seq2SeqLM => new Jobs.Seq2SeqJob(plugin.Plugin, options, output, error, world.Context).Run(),
            ModelHead.SequenceClassification => new Jobs.ClassificationJob(plugin.Plugin, options, output, error, world.Context).Run(),
            var head => throw new TaskInputException($"task '{plugin.Name}' asks for a {head} head, which this hf-train cannot build."),
        });
        world.Complete();
        return code;
    }
}
