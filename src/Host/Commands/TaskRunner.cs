using System.CommandLine;
using HfTrain.Abstractions;
using HfTrain.Host.Cli;
using HfTrain.Host.Options;
using HfTrain.Host.Plugins;

namespace HfTrain.Host.Commands;

/// <summary>
/// Runs a task command: reports legacy spellings, refuses options this version does not act on, then hands the
/// options to the job (<see cref="TaskJob"/>).
/// </summary>
internal sealed class TaskRunner(TaskJob job)
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
        return job.Run(plugin.Plugin, options, output, error);
    }
}
