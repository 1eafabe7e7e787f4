using System.Text;

namespace HfTrain.Data.Predictions;

/// <summary>
/// generated_predictions.txt and reference files for <c>hf-train metrics</c>: UTF-8, one text per line.
/// run_summarization.py writes <c>"\n".join(pred.strip() for pred in predictions)</c>, so a text holding a newline
/// would spill over two lines. We escape instead: in a line, <c>\n</c> is a newline, <c>\r</c> a carriage return,
/// <c>\t</c> a tab and <c>\\</c> a backslash; any other backslash stays as it is. Every line, the last included,
/// ends with '\n' (a trailing '\r' from CRLF files is dropped on reading).
/// Reading a file written by Python: exact unless a text holds a literal backslash followed by n, r, t or a
/// backslash, or ends the file with an empty text (Python writes no final newline, so a last empty text vanishes).
/// </summary>
public static class GeneratedTextFile
{
    public static IReadOnlyList<string> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Text file '{path}' does not exist; pass a file with one text per line.", path);
        }
        return Parse(DecodeStrict(path, File.ReadAllBytes(path)));
    }

    /// <summary>Strict UTF-8 (a BOM allowed) without NUL bytes: a binary file or another encoding is refused, naming
    /// the line, rather than scored as text full of replacement characters.</summary>
    public static string DecodeStrict(string path, byte[] bytes)
    {
        string text = HfTrain.Data.Files.Utf8Text.Decode(bytes, path);
        int nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            int line = text.AsSpan(0, nul).Count('\n') + 1;
            throw new HfTrain.Abstractions.TaskInputException(
                $"{path}:line {line}: a NUL byte; this is not a text file. Pass a UTF-8 text file with one text per line.");
        }
        return text;
    }

    /// <summary>The texts of a file's content: split on '\n' after dropping one final '\n', then unescape.</summary>
    public static IReadOnlyList<string> Parse(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0)
        {
            return [];
        }
        if (content[^1] == '\n')
        {
            content = content[..^1];
        }
        return content.Split('\n').Select(line => Unescape(line.EndsWith('\r') ? line[..^1] : line)).ToList();
    }

    public static void Write(string path, IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(texts);
        // written aside, then renamed: a crash never leaves half a predictions file
        var temp = $"{path}.tmp-{Environment.ProcessId}";
        using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            writer.NewLine = "\n";
            foreach (var text in texts)
            {
                writer.WriteLine(Escape(text));
            }
        }
        File.Move(temp, path, overwrite: true);
    }

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '\\' => @"\\",
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    public static string Unescape(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.Contains('\\', StringComparison.Ordinal))
        {
            return line;
        }
        var sb = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is 'n' or 'r' or 't' or '\\')
            {
                sb.Append(line[++i] switch { 'n' => '\n', 'r' => '\r', 't' => '\t', _ => '\\' });
            }
            else
            {
                sb.Append(line[i]);
            }
        }
        return sb.ToString();
    }
}
