using System.Text.RegularExpressions;
using HfTrain.Abstractions;
using HfTrain.Host.Options;

namespace HfTrain.Host.Plugins;

/// <summary>
/// What a loaded plugin's descriptor and options must satisfy before it becomes a command: checked once at load,
/// so a plugin that would break the command line (an option clashing with <c>--seed</c>) or crash a run (a default
/// of the wrong type, a standard option its head reads but it does not list) is refused alone, with every reason.
/// </summary>
internal static partial class PluginRules
{
    /// <summary>The tool's own commands: a task of one of these names would hide it.</summary>
    public static IReadOnlySet<string> HostCommandNames { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "plugins", "env", "tokenize", "metrics", "selftest", "help", "hub", "login", "logout", "whoami", "download", "upload", "launch", "config", "test",
    };

    /// <summary>Names System.CommandLine gives every command (<c>--help</c>) or the root (<c>--version</c>).</summary>
    static readonly HashSet<string> ReservedOptionNames = new(StringComparer.Ordinal) { "help", "version", "h" };

    [GeneratedRegex("^[a-z][a-z0-9_-]*$")]
    private static partial Regex TaskName();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex OptionName();

    /// <summary>Every problem found (empty when the plugin is usable); each names the option and the fix.</summary>
    public static IReadOnlyList<string> Problems(ITaskPlugin plugin)
    {
        var problems = new List<string>();
        TaskDescriptor? descriptor = plugin.Descriptor;
        if (descriptor is null)
            problems.Add("Descriptor is null: return a TaskDescriptor(name, version, description, head).");
        else
            problems.AddRange(DescriptorProblems(descriptor));
        IReadOnlyList<TaskOption>? options = plugin.Options;
        if (options is null)
        {
            problems.Add("Options is null: return the task's options (at least StandardOptions.Model and StandardOptions.Seq2SeqData).");
            return problems;
        }
        problems.AddRange(OptionProblems(options, descriptor?.Name ?? "task"));
        if (descriptor is not null)
            problems.AddRange(HeadProblems(descriptor.Head, options));
        return problems;
    }

    static IEnumerable<string> DescriptorProblems(TaskDescriptor descriptor)
    {
        if (descriptor.Name is null || !TaskName().IsMatch(descriptor.Name))
            yield return $"task name '{descriptor.Name}' is not a command name: use lower-case letters, digits, '-' and '_', starting with a letter (e.g. 'my-task').";
        else if (HostCommandNames.Contains(descriptor.Name))
            yield return $"task name '{descriptor.Name}' is one of hf-train's own commands ({string.Join(", ", HostCommandNames.Order(StringComparer.Ordinal))}): rename the task.";
        if (string.IsNullOrWhiteSpace(descriptor.Version))
            yield return "the descriptor has no version: give TaskDescriptor a version (e.g. \"1.0.0\").";
    }

    static IEnumerable<string> OptionProblems(IReadOnlyList<TaskOption> options, string task)
    {
        var training = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (TaskOption option in TrainingOptions.All)
        {
            foreach (string spelling in option.Aliases.Prepend(option.Name))
                training[spelling] = option.Name;
        }
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < options.Count; i++)
        {
            TaskOption option = options[i];
            if (option is null)
            {
                yield return $"option #{i + 1} is null: remove it from Options.";
                continue;
            }
            if (option.Name is null || !OptionName().IsMatch(option.Name))
            {
                yield return $"option '{option.Name}' (#{i + 1}) is not an option name: use letters, digits and '_' (snake_case, as the Hugging Face scripts), starting with a letter.";
                continue;
            }
            if (TypeProblem(option) is { } typeProblem)
                yield return typeProblem;
            if (option.Aliases is null)
            {
                yield return $"option '{option.Name}' has null Aliases: leave Aliases out, or give a list of names.";
                continue;
            }
            foreach (string spelling in option.Aliases.Prepend(option.Name))
            {
                string what = spelling == option.Name ? $"option '{option.Name}'" : $"option '{option.Name}' (alias '{spelling}')";
                if (spelling is null || !OptionName().IsMatch(spelling))
                    yield return $"{what}: the alias '{spelling}' is not an option name: use letters, digits and '_'.";
                else if (training.TryGetValue(spelling, out string? shared))
                    yield return $"{what} clashes with --{shared}, which hf-train defines for every task (a training option): " +
                                 $"rename the plugin's option (e.g. '{task.Replace('-', '_')}_{spelling}'), or remove it and read the shared --{shared}.";
                else if (ReservedOptionNames.Contains(spelling))
                    yield return $"{what} clashes with --{spelling}, which every command has: rename the plugin's option.";
                else if (!owners.TryAdd(spelling, option.Name))
                    yield return $"{what} is defined twice (also by option '{owners[spelling]}'): keep one of them in Options.";
            }
        }
    }

    /// <summary>The default must be the kind's .NET type exactly: the command line unboxes it as that type.</summary>
    static string? TypeProblem(TaskOption option)
    {
        Type? expected = option.Kind switch
        {
            OptionKind.String => typeof(string),
            OptionKind.Int => typeof(int),
            OptionKind.Float => typeof(double),
            OptionKind.Bool => typeof(bool),
            _ => null,
        };
        if (expected is null)
            return $"option '{option.Name}' has kind {(int)option.Kind}, which this hf-train does not know: use String, Int, Float or Bool.";
        if (option.Default is null || option.Default.GetType() == expected)
            return null;
        string example = option.Kind switch
        {
            OptionKind.Int => "e.g. 10, not 10L or \"10\"",
            OptionKind.Float => "e.g. 0.5 or 1.0, not 1 or 0.5f",
            OptionKind.Bool => "true or false",
            _ => "a string",
        };
        return $"option '{option.Name}' is {option.Kind} but its default is a {option.Default.GetType().Name} ({option.Default}): " +
               $"give a {expected.Name} default ({example}) or null for none.";
    }

    /// <summary>The standard data options the SequenceClassification head reads (files, caching, sample limits).</summary>
    static readonly string[] ClassificationDataOptions = ["dataset_name", "dataset_config_name", "train_file", "validation_file", "test_file",
        "overwrite_cache", "preprocessing_num_workers", "max_train_samples", "max_eval_samples", "max_predict_samples"];

    static IEnumerable<string> HeadProblems(ModelHead head, IReadOnlyList<TaskOption> options)
    {
        if (head is not (ModelHead.Seq2SeqLM or ModelHead.SequenceClassification))
        {
            yield return $"the task asks for a {head} head, which this hf-train cannot build (it builds Seq2SeqLM and SequenceClassification): update hf-train or choose one of those.";
            yield break;
        }
        var byName = options.Where(o => o?.Name is not null).GroupBy(o => o.Name).ToDictionary(g => g.Key, g => g.First());
        var sets = head == ModelHead.Seq2SeqLM
            ? new[] { ("Model", StandardOptions.Model), ("Seq2SeqData", StandardOptions.Seq2SeqData) }
            : new[] { ("Model", StandardOptions.Model), ("Seq2SeqData", StandardOptions.Seq2SeqData.Where(o => ClassificationDataOptions.Contains(o.Name)).ToList()) };
        foreach (var (setName, set) in sets)
        {
            var missing = set.Where(s => !byName.ContainsKey(s.Name)).Select(s => s.Name).ToList();
            if (missing.Count > 0)
                yield return $"the {head} head reads the standard options {string.Join(", ", missing)}, which the plugin does not list: " +
                             $"add `.. StandardOptions.{setName}` to its Options.";
            foreach (TaskOption standard in set)
            {
                if (byName.TryGetValue(standard.Name, out TaskOption? own) && own.Kind != standard.Kind)
                    yield return $"option '{standard.Name}' is {own.Kind}, but the {head} head reads it as {standard.Kind} (StandardOptions.{setName}): " +
                                 "list the standard definition instead of the plugin's own.";
            }
        }
    }
}
