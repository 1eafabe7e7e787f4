using System.Globalization;
using System.Text.RegularExpressions;
using HfTrain.Abstractions;
using nietras.SeparatedValues;

namespace HfTrain.Data.Files;

/// <summary>
/// CSV with a header row and RFC 4180 quoting (fields may hold separators, doubled quotes and newlines), read
/// with Sep. Values stay text; an empty field is null, as pandas reads it (NaN → None in <c>datasets</c>), so the
/// task drops the row like run_summarization.py does.
/// </summary>
internal static class CsvReader
{
    public static DatasetFile Read(string path, string text, char separator)
    {
        if (text.Length == 0)
            return new DatasetFile(path, DatasetFormat.Csv, [], []);
        try
        {
            return ReadRows(path, text, separator);
        }
        catch (InvalidDataException e)
        {
            throw new TaskInputException(Explain(path, text, e.Message));
        }
        catch (ArgumentException e) when (Regex.Match(e.Message, "Col name '(.*)' found") is { Success: true } m)
        {
            // Sep refuses a header that names a column twice while building its name → index map.
            throw new TaskInputException(
                $"{FileLocation.Line(path, 1)}: the header names column '{m.Groups[1].Value}' twice. Give each column a unique name.");
        }
    }

    private static DatasetFile ReadRows(string path, string text, char separator)
    {
        using var reader = Sep.New(separator).Reader(o => o with { Unescape = true }).FromText(text);
        var columns = reader.Header.ColNames.ToArray();
        var rows = new List<DataRow>();
        foreach (var row in reader)
        {
            var location = FileLocation.Line(path, row.LineNumberFrom);
            var values = new Dictionary<string, object?>(columns.Length, StringComparer.Ordinal);
            for (var i = 0; i < columns.Length; i++)
            {
                var span = row[i].Span;
                values[columns[i]] = span.IsEmpty ? null : span.ToString();
            }
            rows.Add(new DataRow(values, location));
        }
        return new DatasetFile(path, DatasetFormat.Csv, columns, rows);
    }

    /// <summary>Our own message from Sep's ("Found 2 column(s) on row 2/lines [3..6]: ... Expected 3 column(s)"),
    /// without the row's text; an unterminated quote is found by a quote-state scan, since Sep reports it as a
    /// column-count mismatch on a row that runs to the end of the file.</summary>
    private static string Explain(string path, string text, string message)
    {
        var unterminated = UnterminatedQuoteLine(text);
        if (unterminated is { } quoteLine)
            return $"{FileLocation.Line(path, quoteLine)}: malformed CSV: a quoted field opens here and never closes, so the rest " +
                "of the file would be one field. Close the quote, and double any quote inside a quoted field (\"\").";
        var lines = Regex.Match(message, @"lines \[(\d+)\.\.");
        var found = Regex.Match(message, @"Found (\d+) col");
        var expected = Regex.Match(message, @"Expected (\d+) col");
        var where = lines.Success ? FileLocation.Line(path, long.Parse(lines.Groups[1].Value, CultureInfo.InvariantCulture)) : path;
        var counts = found.Success && expected.Success
            ? $"the row has {found.Groups[1].Value} fields, the header {expected.Groups[1].Value}"
            : message.Split('\n')[0];
        return $"{where}: malformed CSV: {counts}. Every row needs as many fields as the header: " +
            "quote fields that hold the separator, a quote or a newline.";
    }

    /// <summary>The line where a quoted field opens that the file never closes (RFC 4180 states), or null.</summary>
    internal static long? UnterminatedQuoteLine(string text)
    {
        var inQuotes = false;
        var line = 1L;
        var openedAt = 0L;
        var fieldStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
                line++;
            if (inQuotes)
            {
                if (c != '"')
                    continue;
                if (i + 1 < text.Length && text[i + 1] == '"')
                    i++;
                else
                    inQuotes = false;
                continue;
            }
            if (c == '"' && fieldStart)
            {
                inQuotes = true;
                openedAt = line;
            }
            fieldStart = c is ',' or '\t' or '\n' or '\r';
        }
        return inQuotes ? openedAt : null;
    }
}
