using System.Text.RegularExpressions;

namespace HfTrain.Plugins.Translation.Metrics;

/// <summary>
/// sacrebleu's default BLEU tokenizer "13a" (tokenizers/tokenizer_13a.py + tokenizer_re.py), equivalent to
/// mteval-v13a: drop &lt;skipped&gt;, join "-\n", newlines to spaces, unescape four HTML entities, then pad
/// punctuation with spaces (except '.' and ',' between digits, and '-' only after a digit) and collapse
/// whitespace (Python's str.split()).
/// </summary>
public static partial class Tokenizer13a
{
    // r'([\{-\~\[-\` -\&\(-\+\:-\@\/])' -> r' \1 ': the ASCII ranges { to ~, [ to `, space to &, ( to +, : to @, and /
    [GeneratedRegex("([\\u007B-\\u007E\\u005B-\\u0060\\u0020-\\u0026\\u0028-\\u002B\\u003A-\\u0040/])", RegexOptions.CultureInvariant)]
    private static partial Regex Symbols();

    // r'([^0-9])([\.,])' -> r'\1 \2 ': period and comma unless preceded by a digit
    [GeneratedRegex("([^0-9])([.,])", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodCommaAfterNonDigit();

    // r'([\.,])([^0-9])' -> r' \1 \2': period and comma unless followed by a digit
    [GeneratedRegex("([.,])([^0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodCommaBeforeNonDigit();

    // r'([0-9])(-)' -> r'\1 \2 ': dash after a digit
    [GeneratedRegex("([0-9])(-)", RegexOptions.CultureInvariant)]
    private static partial Regex DashAfterDigit();

    public static string Tokenize(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        line = line.Replace("<skipped>", "", StringComparison.Ordinal)
            .Replace("-\n", "", StringComparison.Ordinal)
            .Replace("\n", " ", StringComparison.Ordinal);
        if (line.Contains('&', StringComparison.Ordinal))
        {
            line = line.Replace("&quot;", "\"", StringComparison.Ordinal)
                .Replace("&amp;", "&", StringComparison.Ordinal)
                .Replace("&lt;", "<", StringComparison.Ordinal)
                .Replace("&gt;", ">", StringComparison.Ordinal);
        }
        line = " " + line + " ";
        line = Symbols().Replace(line, " $1 ");
        line = PeriodCommaAfterNonDigit().Replace(line, "$1 $2 ");
        line = PeriodCommaBeforeNonDigit().Replace(line, " $1 $2");
        line = DashAfterDigit().Replace(line, "$1 $2 ");
        return string.Join(' ', PythonWhitespace.Split(line));
    }
}
