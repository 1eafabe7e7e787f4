using System.Text.Json;
using System.Text.Json.Nodes;
using HfTrain.Abstractions;
using HfTrain.Engine.Formats;
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
        var root = JsonFile.ReadObject(indexPath, "re-download the checkpoint index");
        if (root["weight_map"] is not JsonObject map)
            throw new TaskInputException($"{indexPath}: no \"weight_map\" object mapping tensor names to shard files.");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in map)
        {
            string? file = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
            // Shards live beside the index: a path that leaves the folder is refused, not followed.
            if (string.IsNullOrEmpty(file) || file != Path.GetFileName(file) || file is "." or "..")
                throw new TaskInputException($"{indexPath}: weight_map entry '{name}' names '{value}', expected a file name in the same folder.");
            result[name] = file;
        }
        if (result.Count == 0)
            throw new TaskInputException($"{indexPath}: weight_map is empty.");
        return result;
    }
}
