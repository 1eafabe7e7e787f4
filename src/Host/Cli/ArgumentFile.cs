using System.Globalization;
using System.Text.Json;

using HfTrain.Host.Options;

namespace HfTrain.Host.Cli;

/// <summary>
/// HF scripts accept a single <c>*.json</c> argument holding all options (<c>parse_json_file</c>):
/// <c>hf-train summarization args.json</c>. The object's keys become <c>--key value</c> arguments.
/// </summary>
internal static class ArgumentFile
{
    /// <summary>The arguments with a lone JSON file after the task name expanded; others unchanged.</summary>
    public static string[] Expand(string[] args)
    {
        if (args.Length != 2 || !args[1].EndsWith(".json", StringComparison.OrdinalIgnoreCase) || args[1].StartsWith('-'))
            return args;
        string path = args[1];
        if (!File.Exists(path))
            throw new UsageException($"Options file '{path}' does not exist.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new UsageException($"Options file '{path}' is not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new UsageException($"Options file '{path}' must hold one JSON object of option names and values.");
            var expanded = new List<string> { args[0] };
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Null)
                    continue;
                expanded.Add("--" + property.Name);
                expanded.Add(property.Value.ValueKind switch
                {
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.Number => property.Value.GetRawText(),
                    _ => throw new UsageException(
                        $"Options file '{path}': '{property.Name}' must be a string, number or boolean, not {property.Value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture)}."),
                });
            }
            return expanded.ToArray();
        }
    }
}
