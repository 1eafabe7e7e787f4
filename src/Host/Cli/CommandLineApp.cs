using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using HfTrain.Abstractions;
using HfTrain.Host.Commands;
using HfTrain.Host.Plugins;

using HfTrain.Host.Options;

namespace HfTrain.Host.Cli;

/// <summary>
/// The <c>hf-train</c> command line: one command per task plugin, plus the tool's own commands. Parses,
/// reports usage errors with "did you mean", runs the command, and maps exceptions to exit codes.
/// </summary>
internal sealed class CommandLineApp(PluginCatalog catalog, TaskCommandFactory tasks, IEnumerable<IHostCommand> hostCommands)
{
    readonly Dictionary<Command, IReadOnlyList<OptionBinding>> _bindings = [];

    /// <summary>Parses a task command line into its options (for dry checks and tests); throws on usage errors.</summary>
    public ParsedOptions ParseTask(string[] args)
    {
        RootCommand root = BuildRoot();
        ParseResult result = root.Parse(Normalize(args, root));
        if (result.Errors.Count > 0)
            throw new UsageException(string.Join("; ", result.Errors.Select(e => e.Message)));
        return _bindings.TryGetValue(result.CommandResult.Command, out var bindings)
            ? new ParsedOptions(bindings, result)
            : throw new UsageException($"'{result.CommandResult.Command.Name}' is not a task.");
    }

    /// <summary>Help text width: the terminal's, or a fixed 120 columns when redirected (stable for files and tests).</summary>
    public static int HelpWidth => Console.IsOutputRedirected ? 120 : Math.Max(80, Console.WindowWidth);

    public RootCommand BuildRoot()
    {
        var help = new HelpPrinter(HelpWidth);
        var root = new RootCommand(
            "hf-train: Hugging Face's train-with-a-script workflow (run_summarization.py, run_translation.py, Seq2SeqTrainer) in .NET.\n" +
            "Run `hf-train <task> --help` for a task's options; the option names are Hugging Face's.");
        foreach (LoadedPlugin plugin in catalog.Plugins)
        {
            var (command, bindings) = tasks.Create(plugin);
            help.RegisterTask(command, bindings);
            _bindings[command] = bindings;
            root.Subcommands.Add(command);
        }
        foreach (IHostCommand command in hostCommands)
            root.Subcommands.Add(command.Create());
        help.Attach(root);
        foreach (var version in root.Options.OfType<VersionOption>())
            version.Action = new VersionPrinter();
        return root;
    }

    public int Run(string[] args, TextWriter output, TextWriter error)
    {
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        foreach (PluginFailure failure in catalog.Failures)
            error.WriteLine($"warning: {failure.Warning}");
        try
        {
            RootCommand root = BuildRoot();
            ParseResult result = root.Parse(Normalize(args, root));
            if (result.Errors.Count > 0 && result.Action is not HelpPrinter)
                return ReportErrors(result, root, error);
            return result.Invoke(configuration);
        }
        catch (Exception e) when (UserErrors.Find(e) is { } user)
        {
            // also when a parallel loop (Parallel.For, PLINQ) wrapped it in an AggregateException
            error.WriteLine($"error: {user.Message}");
            if (UserErrors.Debug)
                error.WriteLine(e);
            return user is UsageException ? ExitCodes.Usage : ExitCodes.Failure;
        }
        catch (Exception e) when (UserErrors.DiskFull(e) is { } full)
        {
            error.WriteLine($"error: {full}");
            if (UserErrors.Debug)
                error.WriteLine(e);
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // the trace helps a bug report but frightens a user: only on request
            error.WriteLine(UserErrors.Debug
                ? $"error: hf-train failed unexpectedly (please report this with `hf-train env`): {e}"
                : $"error: hf-train failed unexpectedly: {e.GetType().Name}: {e.Message}\n" +
                  "Run again with HF_TRAIN_DEBUG=1 for the stack trace, and report it with the output of `hf-train env`.");
            return ExitCodes.Failure;
        }
    }

    sealed class VersionPrinter : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(ToolVersion.Text);
            return ExitCodes.Ok;
        }
    }

    static string DidYouMean(IReadOnlyList<string> candidates) =>
        candidates.Count == 0 ? "" : $" Did you mean {string.Join(" or ", candidates.Select(c => $"'{c}'"))}?";

    /// <summary>HF-script conventions before System.CommandLine parses: a JSON options file, yes/no booleans, last occurrence wins.</summary>
    string[] Normalize(string[] args, RootCommand root)
    {
        string[] expanded = BoolValues.Normalize(ArgumentFile.Expand(args), BoolOptionNames(root));
        var task = root.Subcommands.FirstOrDefault(c => expanded.Length > 0 && c.Name == expanded[0] && _bindings.ContainsKey(c));
        if (task is null)
            return expanded;
        var spellings = new Dictionary<string, (string, bool)>(StringComparer.Ordinal);
        foreach (OptionBinding binding in _bindings[task])
        {
            foreach (string name in binding.Names)
                spellings[name] = (binding.Spec.Name, binding.Spec.Kind == HfTrain.Abstractions.OptionKind.Bool);
        }
        return RepeatedOptions.KeepLast(expanded, spellings);
    }

    static HashSet<string> BoolOptionNames(RootCommand root) =>
        root.Subcommands.SelectMany(c => c.Options).Where(o => o.ValueType == typeof(bool?) || o.ValueType == typeof(bool))
            .SelectMany(o => o.Aliases.Prepend(o.Name)).ToHashSet(StringComparer.Ordinal);

    static int ReportErrors(ParseResult result, RootCommand root, TextWriter error)
    {
        Command command = result.CommandResult.Command;
        // suggest the Hugging Face spelling (underscores), not the dash alias
        var known = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal) && !n[2..].Contains('-')).ToList();
        var unknown = result.UnmatchedTokens.ToHashSet();
        bool unknownOption = result.UnmatchedTokens.Any(t => t.StartsWith('-'));
        foreach (string token in result.UnmatchedTokens)
        {
            if (token.StartsWith('-'))
                error.WriteLine($"error: unknown option '{token}'." + DidYouMean(Suggestions.Closest(token, known)));
            else if (command.Subcommands.Count > 0)
            {
                error.WriteLine($"error: unknown command{(command == root ? " or task" : "")} '{token}'." + DidYouMean(Suggestions.Closest(token, command.Subcommands.Select(c => c.Name))));
                break;   // what follows belonged to the command meant
            }
            else if (!unknownOption)   // a value after an unknown option is noise
                error.WriteLine($"error: unexpected argument '{token}'.");
        }
        bool reported = result.UnmatchedTokens.Count > 0;
        foreach (var parseError in result.Errors.Where(e => !unknown.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))))
        {
            if (!(reported && parseError.SymbolResult is CommandResult))   // "Required command was not provided" after an unknown one
                error.WriteLine($"error: {parseError.Message}");
        }
        if (result.Errors.Count == 0 && result.UnmatchedTokens.Count == 0)
            error.WriteLine("error: the command line could not be parsed.");
        string path = command == root ? "hf-train" : $"hf-train {command.Name}";
        error.WriteLine($"Run '{path} --help' for the options.");
        return ExitCodes.Usage;
    }
}

