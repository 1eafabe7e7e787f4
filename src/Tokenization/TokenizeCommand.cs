using System.Text;
using System.Text.Json;

namespace HfTrain.Tokenization;

/// <summary><c>hf-train tokenize --model_name_or_path DIR</c>: one text per input line (a line that parses as a JSON
/// string literal is that string, so texts with newlines can be given as "a\nb"), one JSON array of ids per output
/// line, <c>&lt;/s&gt;</c> included, no truncation.</summary>
public static class TokenizeCommand
{
    /// <returns>The process exit code (0). Missing tokenizer files throw
    /// <see cref="HfTrain.Abstractions.TaskInputException"/> for the CLI to print.</returns>
    public static int Run(string modelDir, TextReader input, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var tokenizer = T5Tokenizer.Load(modelDir);
        var ids = new List<int>();
        var line = new StringBuilder();
        while (input.ReadLine() is { } text)
        {
            ids.Clear();
            tokenizer.EncodeWithoutEos(Unquote(text), ids);
            ids.Add(tokenizer.EosTokenId);
            line.Clear().Append('[');
            for (var i = 0; i < ids.Count; i++)
                (i == 0 ? line : line.Append(',')).Append(ids[i]);
            output.WriteLine(line.Append(']'));
        }
        output.Flush();
        return 0;
    }

    private static string Unquote(string line)
    {
        if (line.Length < 2 || line[0] != '"' || line[^1] != '"')
            return line;
        try
        {
            return JsonSerializer.Deserialize<string>(line) ?? line;
        }
        catch (JsonException)
        {
            return line; // quoted but not valid JSON (e.g. "say "hi""): the line as typed
        }
    }
}
