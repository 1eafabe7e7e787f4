using System.Text.Json;
using HfTrain.Abstractions;

namespace HfTrain.Tokenization;

/// <summary>Reads and writes the files of a T5 tokenizer folder as transformers 5.17 does.
/// <list type="bullet">
/// <item><c>tokenizer.json</c> (preferred): the Unigram vocab with scores, unk_id and "added_tokens" (T5 saved by
/// transformers 5: &lt;extra_id_0&gt; = first id after the pieces). A "Precompiled" normalizer in it is applied;
/// the pre-tokenizer and decoder are T5's whatever the file says, since transformers' T5Tokenizer rebuilds them.</item>
/// <item><c>spiece.model</c> alone: the pieces and scores of the proto, its nmt_nfkc charsmap as normalizer, and
/// <c>extra_ids</c> sentinels (tokenizer_config.json, default 100) appended in REVERSE: &lt;extra_id_0&gt; is the
/// highest id — both as measured from transformers 5.17 loading a folder with only spiece.model +
/// tokenizer_config.json (tools/tokenizer-reference/README.md).</item>
/// <item><c>tokenizer_config.json</c> / <c>special_tokens_map.json</c> (optional): pad/eos/unk token strings,
/// extra_ids, clean_up_tokenization_spaces (default false in transformers 5).</item>
/// </list></summary>
internal static class T5TokenizerFiles
{
    public const string TokenizerJson = "tokenizer.json";
    public const string SentencePieceModel = "spiece.model";
    public const string TokenizerConfig = "tokenizer_config.json";
    public const string SpecialTokensMap = "special_tokens_map.json";

    public static T5Tokenizer Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
            throw new TaskInputException($"Tokenizer folder '{directory}' does not exist. Pass --model_name_or_path a folder holding {TokenizerJson} or {SentencePieceModel}.");
        var config = new TokenizerSettings(directory);
        var jsonPath = Path.Combine(directory, TokenizerJson);
        var modelPath = Path.Combine(directory, SentencePieceModel);
        var sources = new List<string>();
        UnigramModel model;
        List<AddedToken> added;
        PrecompiledNormalizer? normalizer;
        if (File.Exists(jsonPath))
        {
            sources.Add(jsonPath);
            (model, added, normalizer) = ReadTokenizerJson(jsonPath);
        }
        else if (File.Exists(modelPath))
        {
            sources.Add(modelPath);
            var proto = SentencePieceModelFile.Read(modelPath);
            var unknownId = IndexOf(proto.Pieces, config.UnkToken) ?? 2;
            model = new UnigramModel(proto.Pieces, unknownId);
            normalizer = proto.PrecompiledCharsmap is null ? null : new PrecompiledNormalizer(proto.PrecompiledCharsmap);
            added = [];
            foreach (var special in new[] { config.PadToken, config.EosToken, config.UnkToken })
                if (IndexOf(proto.Pieces, special) is { } id && added.All(a => a.Id != id))
                    added.Add(new AddedToken(id, special, Special: true));
            for (var i = 0; i < config.ExtraIds; i++)
                added.Add(new AddedToken(model.Count + config.ExtraIds - 1 - i, $"<extra_id_{i}>", Special: true));
        }
        else
        {
            throw new TaskInputException($"No tokenizer in '{directory}': looked for {TokenizerJson} and {SentencePieceModel}. Pass --model_name_or_path a folder saved by transformers (save_pretrained) or by hf-train.");
        }
        sources.AddRange(config.FilesRead);
        return new T5Tokenizer(model, added, normalizer, config.PadToken, config.EosToken, config.CleanUpTokenizationSpaces, sources);
    }

    public static void Save(T5Tokenizer tokenizer, string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var source in tokenizer.SourceFiles)
        {
            var target = Path.Combine(directory, Path.GetFileName(source));
            if (!string.Equals(Path.GetFullPath(source), Path.GetFullPath(target), StringComparison.Ordinal))
                File.Copy(source, target, overwrite: true);
        }
    }

    private static (UnigramModel, List<AddedToken>, PrecompiledNormalizer?) ReadTokenizerJson(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var modelElement = root.GetProperty("model");
            var type = modelElement.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type != "Unigram")
                throw new TaskInputException($"'{path}': model type '{type}' is not supported; a T5 tokenizer has a Unigram model.");
            var vocabulary = new List<(string, double)>();
            foreach (var entry in modelElement.GetProperty("vocab").EnumerateArray())
                vocabulary.Add((entry[0].GetString()!, entry[1].GetDouble()));
            var unknownId = modelElement.TryGetProperty("unk_id", out var u) && u.ValueKind == JsonValueKind.Number ? u.GetInt32() : 2;
            var added = new List<AddedToken>();
            if (root.TryGetProperty("added_tokens", out var tokens))
                foreach (var token in tokens.EnumerateArray())
                    added.Add(new AddedToken(token.GetProperty("id").GetInt32(), token.GetProperty("content").GetString()!,
                        token.TryGetProperty("special", out var s) && s.GetBoolean()));
            return (new UnigramModel(vocabulary, unknownId), added, ReadNormalizer(root));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new TaskInputException($"'{path}' is not a tokenizers JSON file with a Unigram model ({e.Message}). Re-save the tokenizer with transformers' save_pretrained.");
        }
    }

    private static PrecompiledNormalizer? ReadNormalizer(JsonElement root)
    {
        if (!root.TryGetProperty("normalizer", out var normalizer) || normalizer.ValueKind != JsonValueKind.Object)
            return null;
        var candidates = normalizer.TryGetProperty("normalizers", out var list) ? list.EnumerateArray().ToList() : [normalizer];
        foreach (var candidate in candidates)
            if (candidate.TryGetProperty("type", out var type) && type.GetString() == "Precompiled"
                && candidate.TryGetProperty("precompiled_charsmap", out var map) && map.ValueKind == JsonValueKind.String)
                return new PrecompiledNormalizer(Convert.FromBase64String(map.GetString()!));
        return null;
    }

    private static int? IndexOf(IReadOnlyList<(string Piece, double Score)> pieces, string piece)
    {
        for (var i = 0; i < pieces.Count; i++)
            if (pieces[i].Piece == piece)
                return i;
        return null;
    }
}
