using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HfTrain.Engine.Formats;

namespace HfTrain.Engine.Reporting;

/// <summary>
/// The subset of PyYAML's <c>yaml.dump(data, sort_keys=False)</c> block style the model card's front matter needs:
/// mappings are ordered key/value lists, sequences under a key are not indented ("tags:\n- a"), a mapping inside a
/// sequence continues two columns in, empty collections are "[]" / "{}". Scalars are plain unless PyYAML would
/// read them back as something else.
/// </summary>
static partial class YamlBlock
{
    public static string Dump(IReadOnlyList<KeyValuePair<string, object>> mapping)
    {
        var text = new StringBuilder();
        WriteMapping(text, mapping, 0, firstPrefix: "");
        return text.ToString();
    }

    static void WriteMapping(StringBuilder text, IReadOnlyList<KeyValuePair<string, object>> mapping, int indent, string firstPrefix)
    {
        var first = true;
        foreach (var (key, value) in mapping)
        {
            text.Append(first ? firstPrefix : new string(' ', indent)).Append(Scalar(key)).Append(':');
            first = false;
            switch (value)
            {
                case IReadOnlyList<KeyValuePair<string, object>> { Count: 0 }: text.Append(" {}\n"); break;
                case IReadOnlyList<KeyValuePair<string, object>> child: text.Append('\n'); WriteMapping(text, child, indent + 2, new string(' ', indent + 2)); break;
                case IReadOnlyList<object> { Count: 0 }: text.Append(" []\n"); break;
                case IReadOnlyList<object> items: text.Append('\n'); WriteSequence(text, items, indent); break;
                default: text.Append(' ').Append(Scalar(value)).Append('\n'); break;
            }
        }
    }

    static void WriteSequence(StringBuilder text, IReadOnlyList<object> items, int indent)
    {
        var dash = new string(' ', indent) + "- ";
        foreach (var item in items)
        {
            if (item is IReadOnlyList<KeyValuePair<string, object>> { Count: > 0 } map) WriteMapping(text, map, indent + 2, dash);
            else text.Append(dash).Append(Scalar(item)).Append('\n');
        }
    }

    /// <summary>A scalar as PyYAML writes it: ints and floats (repr, "1.0e-05" style) plain, strings quoted when ambiguous.</summary>
    static string Scalar(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => YamlFloat(d),
        JsonNode node when LogValue.IsInteger(node) && LogValue.TryGetNumber(node, out var n) => ((long)n).ToString(CultureInfo.InvariantCulture),
        JsonNode node when LogValue.TryGetNumber(node, out var d) => YamlFloat(d),
        JsonNode node => Text(LogValue.PythonStr(node)),
        _ => Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    // PyYAML's represent_float: repr(), ".nan"/".inf", and a ".0" added to an exponent without a dot (1e-05 -> 1.0e-05).
    static string YamlFloat(double d)
    {
        if (double.IsNaN(d)) return ".nan";
        if (double.IsInfinity(d)) return d > 0 ? ".inf" : "-.inf";
        var repr = PythonFloat.Repr(d);
        return repr.Contains('e') && !repr.Contains('.') ? repr.Replace("e", ".0e", StringComparison.Ordinal) : repr;
    }

    static string Text(string s) =>
        s.Length > 0 && PlainSafe().IsMatch(s) && !LooksLikeOtherType().IsMatch(s) ? s : "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_./(][A-Za-z0-9_ ./()&,+=-]*(?<! )$")]
    private static partial Regex PlainSafe();

    // YAML 1.1 resolvers: bools, null, ints, floats — such strings must be quoted to stay strings.
    [GeneratedRegex(@"^(?:[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$")]
    private static partial Regex LooksLikeOtherType();
}
