using System.CommandLine;
using System.CommandLine.Completions;

namespace HfTrain.Host.Options;

/// <summary>
/// A command whose options have several spellings (<c>--per_device_train_batch_size</c>, the dash spelling, legacy
/// names): all of them parse, but shell completion offers each option once, under its Hugging Face name.
/// </summary>
internal sealed class OptionsCommand(string name, string description) : Command(name, description)
{
    public override IEnumerable<CompletionItem> GetCompletions(CompletionContext context)
    {
        var otherSpellings = Options.SelectMany(o => o.Aliases).ToHashSet(StringComparer.Ordinal);
        otherSpellings.ExceptWith(Options.OfType<System.CommandLine.Help.HelpOption>().SelectMany(o => o.Aliases));
        return base.GetCompletions(context).Where(item => !otherSpellings.Contains(item.Label));
    }
}
