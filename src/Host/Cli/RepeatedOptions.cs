using HfTrain.Host.Options;

namespace HfTrain.Host.Cli;

/// <summary>
/// argparse (and so HfArgumentParser) lets a later occurrence of an option override an earlier one
/// (<c>--max_steps 2 ... --max_steps 4</c> → 4); System.CommandLine rejects the repeat. Keeps the last occurrence
/// of each option, whatever spelling (dashes, aliases, <c>--name=value</c>) each occurrence used.
/// </summary>
internal static class RepeatedOptions
{
    /// <param name="spellings">every accepted spelling → (the option's canonical name, whether it is a boolean).</param>
    public static string[] KeepLast(string[] args, IReadOnlyDictionary<string, (string Name, bool IsBool)> spellings)
    {
        var occurrences = new List<(string Name, int Start, int Length)>();
        for (int i = 0; i < args.Length; i++)
        {
            string token = args[i];
            int equals = token.IndexOf('=');
            string spelling = equals > 0 ? token[..equals] : token;
            if (!spellings.TryGetValue(spelling, out var option))
                continue;
            int length = 1;
            if (equals < 0 && i + 1 < args.Length)
            {
                string next = args[i + 1];
                bool takesNext = option.IsBool ? next is "true" or "false" : !(next.StartsWith("--", StringComparison.Ordinal) && spellings.ContainsKey(next.Split('=')[0]));
                if (takesNext)
                    length = 2;
            }
            occurrences.Add((option.Name, i, length));
            i += length - 1;
        }
        var drop = new HashSet<int>();
        foreach (var group in occurrences.GroupBy(o => o.Name).Where(g => g.Count() > 1))
        {
            foreach (var (_, start, length) in group.SkipLast(1))
            {
                for (int k = 0; k < length; k++)
                    drop.Add(start + k);
            }
        }
        return drop.Count == 0 ? args : args.Where((_, index) => !drop.Contains(index)).ToArray();
    }
}
