using System.Text.Json;
using HfTrain.Abstractions;

namespace HfTrain.Tokenization;

/// <summary>The settings transformers reads beside the vocabulary: tokenizer_config.json, then
/// special_tokens_map.json (older saves). Missing files or keys keep T5's defaults.</summary>
internal sealed class TokenizerSettings
{
    public TokenizerSettings(string directory)
    {
        foreach (var name in new[] { T5TokenizerFiles.TokenizerConfig, T5TokenizerFiles.SpecialTokensMap })
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
                continue;
            FilesRead.Add(path);
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(path));
                var root = document.RootElement;
                PadToken = TokenString(root, "pad_token") ?? PadToken;
                EosToken = TokenString(root, "eos_token") ?? EosToken;
                UnkToken = TokenString(root, "unk_token") ?? UnkToken;
                if (root.TryGetProperty("extra_ids", out var extra) && extra.ValueKind == JsonValueKind.Number)
                    ExtraIds = extra.GetInt32();
                if (root.TryGetProperty("clean_up_tokenization_spaces", out var clean) && clean.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    CleanUpTokenizationSpaces = clean.GetBoolean();
            }
            catch (JsonException e)
            {
                throw new TaskInputException($"'{path}' is not valid JSON ({e.Message}). Fix or delete it.");
            }
        }
    }

    public List<string> FilesRead { get; } = [];

    public string PadToken { get; } = "<pad>";

    public string EosToken { get; } = "</s>";

    public string UnkToken { get; } = "<unk>";

    public int ExtraIds { get; } = 100;

    public bool CleanUpTokenizationSpaces { get; }

    // A token is a string or an AddedToken object {"content": ...}.
    private static string? TokenString(JsonElement root, string key) =>
        !root.TryGetProperty(key, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.ValueKind == JsonValueKind.Object && value.TryGetProperty("content", out var content) ? content.GetString()
        : null;
}
