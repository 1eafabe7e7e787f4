using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Text;

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
        parseResult.InvocationConfiguration.Output.Write(Render(command, parseResult.RootCommandResult.Command));
        return ExitCodes.Ok;
    }

    public string Render(Command command, Command root)
    {
        var text = new StringBuilder();
        if (_tasks.TryGetValue(command, out var bindings))
        {
            text.AppendLine($"Usage: hf-train {command.Name} [options]");
            text.AppendLine($"       hf-train {command.Name} OPTIONS.json   (all options from one JSON object, as HF scripts accept)");
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
        string path = command == root ? "hf-train" : $"hf-train {command.Name}";
        text.AppendLine($"Usage: {path} <command> [options]");
        text.AppendLine();
        Wrap(text, command.Description ?? "", 0);
        var tasks = command.Subcommands.Where(_tasks.ContainsKey).ToList();
        var others = command.Subcommands.Where(c => !_tasks.ContainsKey(c)).ToList();
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
        if (command == root)
            Row(text, "--version", "Show the version.");
        Row(text, "-h, --help", "Show this help.");
        return text.ToString();
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
