using System.Text.Json;
using HfTrain.Tokenization;

namespace HfTrain.Tokenization.Tests;

/// <summary>Paths to tests/Fixtures (copied next to the test assembly) and the two ways to load a fixture tokenizer.</summary>
internal static class Fixture
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string Folder(string name) => Path.Combine(Root, name);

    public static JsonElement Json(string relativePath)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, relativePath)));
        return document.RootElement.Clone();
    }

    private static readonly Dictionary<string, T5Tokenizer> Cache = new();

    /// <summary>The fixture's tokenizer loaded from tokenizer.json, or (<paramref name="spieceOnly"/>) from a copy
    /// of its folder that holds only spiece.model + tokenizer_config.json (transformers' converter path).</summary>
    public static T5Tokenizer Tokenizer(string name, bool spieceOnly)
    {
        var key = name + (spieceOnly ? "/spiece" : "/json");
        lock (Cache)
        {
            if (!Cache.TryGetValue(key, out var tokenizer))
            {
                var folder = Folder(name);
                if (spieceOnly)
                {
                    var copy = Path.Combine(Path.GetTempPath(), "hftrain-tok-" + Guid.NewGuid().ToString("N"));
                    Directory.CreateDirectory(copy);
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(copy, recursive: true);
                    File.Copy(Path.Combine(folder, "spiece.model"), Path.Combine(copy, "spiece.model"));
                    File.Copy(Path.Combine(folder, "tokenizer_config.json"), Path.Combine(copy, "tokenizer_config.json"));
                    folder = copy;
                }
                tokenizer = T5Tokenizer.Load(folder);
                Cache[key] = tokenizer;
            }
            return tokenizer;
        }
    }

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();
}
