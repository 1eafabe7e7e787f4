using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using HfTrain.Abstractions;

namespace HfTrain.Host.Options;

/// <summary>
/// One Hugging Face option as a System.CommandLine option: <c>--name value</c>, <c>--name=value</c>, the dash
/// spelling <c>--name-with-dashes</c>, and legacy aliases. Booleans work as flags or with a value
/// (<c>--do_train</c>, <c>--do_train true</c>, as HfArgumentParser's string_to_bool accepts).
/// </summary>
internal sealed record OptionBinding(TaskOption Spec, Option Option, Func<ParseResult, object?> Get)
{
    public static OptionBinding Create(TaskOption spec)
    {
        string[] aliases = Aliases(spec).ToArray();
        return spec.Kind switch
        {
            OptionKind.Bool => Build<bool?>(spec, aliases, "true|false", ParseBool),
            OptionKind.Int => Build<int?>(spec, aliases, "int", r => ParseNumber(r, s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture))),
            OptionKind.Float => Build<double?>(spec, aliases, "float", r => ParseNumber(r, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture))),
            _ => Build<string?>(spec, aliases, "string", r => r.Tokens.Count == 0 ? null : r.Tokens[0].Value),
        };
    }

    /// <summary>The value given, else the default (null when there is none).</summary>
    public object? Value(ParseResult result) => Get(result);

    /// <summary>True when the command line (or JSON file) named this option.</summary>
    public bool IsSet(ParseResult result) => result.GetResult(Option) is { Implicit: false };

    /// <summary>The spelling the user typed, e.g. a legacy alias (null when not given).</summary>
    public string? UsedName(ParseResult result) => result.GetResult(Option) is { Implicit: false } r ? r.IdentifierToken?.Value : null;

    /// <summary>Every spelling that names this option on the command line.</summary>
    public IEnumerable<string> Names => Option.Aliases.Prepend(Option.Name);

    static IEnumerable<string> Aliases(TaskOption spec)
    {
        if (spec.Name.Contains('_'))
            yield return "--" + spec.Name.Replace('_', '-');
        foreach (string legacy in spec.Aliases)
        {
            yield return "--" + legacy;
            if (legacy.Contains('_'))
                yield return "--" + legacy.Replace('_', '-');
        }
    }

    static OptionBinding Build<T>(TaskOption spec, string[] aliases, string helpName, Func<ArgumentResult, T> parse)
    {
        var option = new Option<T>("--" + spec.Name, aliases)
        {
            Description = spec.Help,
            HelpName = helpName,
            CustomParser = parse,
            Arity = spec.Kind == OptionKind.Bool ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
        };
        if (spec.Default is not null)
            option.DefaultValueFactory = _ => (T)spec.Default;
        return new OptionBinding(spec, option, result => result.GetValue(option));
    }

    static bool? ParseBool(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
            return true;
        string text = result.Tokens[0].Value;
        switch (text.ToLowerInvariant())
        {
            case "true" or "yes" or "y" or "t" or "1":
                return true;
            case "false" or "no" or "n" or "f" or "0":
                return false;
            default:
                result.AddError($"{OptionName(result)} expects true or false (or yes/no, 1/0), got '{text}'.");
                return null;
        }
    }

    static T? ParseNumber<T>(ArgumentResult result, Func<string, T> parse) where T : struct
    {
        string text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        try
        {
            return parse(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            string kind = typeof(T) == typeof(int) ? "an integer" : "a number";
            result.AddError($"{OptionName(result)} expects {kind}, got '{text}'.");
            return null;
        }
    }

    static string OptionName(ArgumentResult result) =>
        (result.Parent as OptionResult)?.Option.Name ?? "the option";
}
