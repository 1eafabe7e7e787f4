using System.Text.Json;
using HfTrain.Abstractions;
using TorchSharp;

namespace HfTrain.Engine.Checkpoints;

/// <summary>
/// A sharded checkpoint's index (<c>model.safetensors.index.json</c> / <c>pytorch_model.bin.index.json</c>,
/// as transformers' <c>save_pretrained(max_shard_size=...)</c> writes it): <c>weight_map</c> maps each tensor
/// name to a shard file in the same folder.
/// </summary>
internal static class ShardIndex
{
    public static Dictionary<string, torch.Tensor> Load(string indexPath, Func<string, Dictionary<string, torch.Tensor>> readShard)
    {
        var weightMap = ReadWeightMap(indexPath);
        string folder = Path.GetDirectoryName(Path.GetFullPath(indexPath))!;
        var result = new Dictionary<string, torch.Tensor>(weightMap.Count, StringComparer.Ordinal);
        try
        {
            foreach (var shard in weightMap.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                string shardPath = Path.Combine(folder, shard);
                if (!File.Exists(shardPath))
                    throw new TaskInputException($"{indexPath}: shard '{shard}' listed in weight_map is missing from {folder}. Download every shard of the checkpoint.");
                var tensors = readShard(shardPath);
                string? duplicate = tensors.Keys.FirstOrDefault(result.ContainsKey);
                if (duplicate is not null)
                {
                    foreach (var t in tensors.Values) t.Dispose();
                    throw new TaskInputException($"{indexPath}: tensor '{duplicate}' is stored in more than one shard (again in '{shard}').");
                }
                foreach (var (name, tensor) in tensors)
                    result.Add(name, tensor);
                foreach (var (name, file) in weightMap)
                {
                    if (file == shard && !tensors.ContainsKey(name))
                        throw new TaskInputException($"{indexPath}: weight_map puts '{name}' in '{shard}', but that shard does not contain it. The index and shards are from different saves.");
                }
            }
            return result;
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
    }

    private static Dictionary<string, string> ReadWeightMap(string indexPath)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(indexPath));
        }
        catch (JsonException e)
        {
            throw new TaskInputException($"{indexPath}: not valid JSON ({e.Message}). Re-download the checkpoint index.");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new TaskInputException($"{indexPath}: no \"weight_map\" object mapping tensor names to shard files.");
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var item in map.EnumerateObject())
            {
                string? file = item.Value.ValueKind == JsonValueKind.String ? item.Value.GetString() : null;
                // Shards live beside the index: a path that leaves the folder is refused, not followed.
                if (string.IsNullOrEmpty(file) || file != Path.GetFileName(file) || file is "." or "..")
                    throw new TaskInputException($"{indexPath}: weight_map entry '{item.Name}' names '{item.Value}', expected a file name in the same folder.");
                result[item.Name] = file;
            }
            if (result.Count == 0)
                throw new TaskInputException($"{indexPath}: weight_map is empty.");
            return result;
        }
    }
}
