using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Text;

using HfTrain.Host.Options;

namespace HfTrain.Host.Cli;

/// <summary>
/// <c>--help</c> in Hugging Face's terms: each option under its HF spelling with type, default and help
/// (dash spellings and <c>--name=value</c> work too, said once at the top). Tasks and tool commands at the root.
/// </summary>
internal sealed class HelpPrinter(int width) : SynchronousCommandLineAction
{
    readonly Dictionary<Command, IReadOnlyList<OptionBinding>> _tasks = [];

    public void RegisterTask(Command command, IReadOnlyList<OptionBinding> bindings) => _tasks[command] = bindings;

    public void Attach(RootCommand root)
    {
        foreach (var help in root.Options.OfType<HelpOption>())
            help.Action = this;
    }

    public override int Invoke(ParseResult parseResult)
    {
        Command command = parseResult.CommandResult.Command;
        parseResult.InvocationConfiguration.Output.Write(Render(command, Path(parseResult.CommandResult)));
        return ExitCodes.Ok;
    }

    /// <summary>"hf-train plugins list": the command's words from the root (the root is always called hf-train).</summary>
    static string Path(CommandResult result)
    {
        var words = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c; r = r.Parent)
            words.Insert(0, c.Parent is null ? "hf-train" : c.Command.Name);
        return string.Join(' ', words);
    }

    public string Render(Command command, string path)
    {
        var text = new StringBuilder();
        if (_tasks.TryGetValue(command, out var bindings))
        {
            text.AppendLine($"Usage: {path} [options]");
            text.AppendLine($"       {path} OPTIONS.json   (all options from one JSON object, as HF scripts accept)");
            text.AppendLine();
            Wrap(text, command.Description ?? "", 0);
            text.AppendLine();
            text.AppendLine("Options (Hugging Face's names; --dashed-spelling and --name=value are accepted too;");
            text.AppendLine("booleans as a flag or with a value: --do_train, --do_train true):");
            foreach (OptionBinding binding in bindings)
            {
                text.AppendLine($"  --{binding.Spec.Name} <{binding.Option.HelpName}>");
                Wrap(text, Describe(binding), 6);
            }
            text.AppendLine("  -h, --help");
            Wrap(text, "Show this help.", 6);
            return text.ToString();
        }
        var visible = command.Subcommands.Where(c => !c.Hidden).ToList();
        var options = command.Options.Where(o => !o.Hidden && o is not HelpOption and not VersionOption).ToList();
        text.Append("Usage: ").Append(path);
        if (visible.Count > 0)
            text.Append(" <command>");
        foreach (Argument argument in command.Arguments)
            text.Append($" <{argument.Name}>");
        text.AppendLine(options.Count > 0 || command.Arguments.Count > 0 || command is RootCommand ? " [options]" : "");
        text.AppendLine();
        Wrap(text, command.Description ?? "", 0);
        if (command.Arguments.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Arguments:");
            foreach (Argument argument in command.Arguments)
                Row(text, $"<{argument.Name}>", argument.Description ?? "");
        }
        var tasks = visible.Where(_tasks.ContainsKey).ToList();
        var others = visible.Where(c => !_tasks.ContainsKey(c)).ToList();
        if (tasks.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Tasks (from plugins):");
            foreach (Command task in tasks)
                Row(text, task.Name, task.Description ?? "");
        }
        if (others.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Commands:");
            foreach (Command other in others)
                Row(text, other.Name, other.Description ?? "");
        }
        text.AppendLine();
        text.AppendLine("Options:");
        foreach (Option option in options)
            Row(text, Spelling(option), Describe(option));
        if (command.Options.OfType<VersionOption>().Any())
            Row(text, "--version", "Show the version.");
        Row(text, "-h, --help", "Show this help.");
        if (visible.Count > 0)
        {
            text.AppendLine();
            text.AppendLine($"Run '{path} <command> --help' for a command's options.");
        }
        return text.ToString();
    }

    /// <summary>"--model_name_or_path, --tokenizer_name <DIR>": the name and its other names, dash spellings left out.</summary>
    static string Spelling(Option option)
    {
        var names = new List<string> { option.Name };
        foreach (string alias in option.Aliases)
        {
            if (!names.Any(n => Canonical(n) == Canonical(alias)))
                names.Add(alias);
        }
        string value = option.ValueType == typeof(bool) || option.ValueType == typeof(bool?) ? "" : $" <{option.HelpName ?? "value"}>";
        return string.Join(", ", names) + value;
    }

    static string Canonical(string name) => "--" + name.TrimStart('-').Replace('-', '_');

    static string Describe(Option option)
    {
        string text = option.Description ?? "";
        if (option.Required)
            text += " (required)";
        else if (option.HasDefaultValue && option.GetDefaultValue() is { } value && value is not false)
            text += $" [default: {Format(value)}]";
        return text;
    }

    static string Describe(OptionBinding binding)
    {
        string text = binding.Spec.Help;
        if (binding.Spec.Aliases.Count > 0)
            text += $" (legacy: {string.Join(", ", binding.Spec.Aliases.Select(a => "--" + a))})";
        if (binding.Spec.Default is { } value)
            text += $" [default: {Format(value)}]";
        return text;
    }

    static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        string { Length: 0 } => "\"\"",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    void Row(StringBuilder text, string name, string description)
    {
        const int column = 18;
        text.Append("  ").Append(name.PadRight(column));
        if (name.Length >= column)
            text.AppendLine().Append(' ', column + 2);
        var lines = WrapLines(description, width - column - 2);
        text.AppendLine(lines.FirstOrDefault() ?? "");
        foreach (string line in lines.Skip(1))
            text.Append(' ', column + 2).AppendLine(line);
    }

    void Wrap(StringBuilder text, string paragraph, int indent)
    {
        foreach (string line in WrapLines(paragraph, width - indent))
            text.Append(' ', indent).AppendLine(line);
    }

    static List<string> WrapLines(string paragraph, int width)
    {
        var lines = new List<string>();
        foreach (string source in paragraph.Split('\n'))
        {
            var line = new StringBuilder();
            foreach (string word in source.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }
                line.Append(line.Length > 0 ? " " : "").Append(word);
            }
            lines.Add(line.ToString());
        }
        return lines;
    }
}
