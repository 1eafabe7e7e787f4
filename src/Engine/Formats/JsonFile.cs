using System.Text.Json;
using System.Text.Json.Nodes;
using HfTrain.Abstractions;

namespace HfTrain.Engine.Formats;

/// <summary>
/// Reads the JSON files hf-train is given or wrote: a file that is not valid JSON, or whose root is not an object,
/// is a <see cref="TaskInputException"/> that names the file and how to fix it.
/// </summary>
public static class JsonFile
{
    /// <param name="fix">what the user can do, ending the message (e.g. "fix or regenerate config.json").</param>
    public static JsonObject ReadObject(string path, string fix)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                   ?? throw new TaskInputException($"{path}: {Path.GetFileName(path)} must hold a JSON object.");
        }
        catch (JsonException e)
        {
            throw new TaskInputException($"{path}: not valid JSON ({e.Message}); {fix}.");
        }
    }

    /// <summary>A file written by <see cref="JsonSerializer"/>, refused as <see cref="ReadObject"/> refuses one.</summary>
    public static T Read<T>(string path, string fix, JsonSerializerOptions? options = null)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), options)
                   ?? throw new TaskInputException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new TaskInputException($"{path}: not valid JSON ({e.Message}); {fix}.");
        }
    }
}
