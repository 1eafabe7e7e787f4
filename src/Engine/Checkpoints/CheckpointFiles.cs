using HfTrain.Abstractions;
using TorchSharp;

namespace HfTrain.Engine.Checkpoints;

/// <summary>
/// Finds and loads the weights of a Hugging Face model folder. The order matches transformers'
/// <c>from_pretrained</c> (modeling_utils.py): safetensors before the legacy PyTorch pickle, single file before
/// a sharded index. Config files are not read here.
/// </summary>
public static partial class CheckpointFiles
{
    public const string SafeTensorsName = "model.safetensors";
    public const string SafeTensorsIndexName = "model.safetensors.index.json";
    public const string PyTorchName = "pytorch_model.bin";
    public const string PyTorchIndexName = "pytorch_model.bin.index.json";

    /// <summary>The weight file names looked for, in order.</summary>
    public static IReadOnlyList<string> SearchOrder { get; } = [SafeTensorsName, SafeTensorsIndexName, PyTorchName, PyTorchIndexName];

    /// <summary>
    /// Loads every tensor of the checkpoint in <paramref name="modelDir"/> (or of one weight file, when the path
    /// is a file) as CPU tensors the caller owns. Raises TaskInputException naming what was looked for when the
    /// folder holds none of <see cref="SearchOrder"/>, and naming the file and problem when one is malformed.
    /// </summary>
    public static Dictionary<string, torch.Tensor> LoadStateDict(string modelDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDir);
        if (File.Exists(modelDir))
            return LoadFile(modelDir);
        if (!Directory.Exists(modelDir))
            throw new TaskInputException($"Model folder '{modelDir}' does not exist. Pass a folder written by save_pretrained (or hf-train) holding {string.Join(" or ", SearchOrder)}.");
        string? found = Find(modelDir);
        return found is null
            ? throw new TaskInputException($"Model folder '{modelDir}' has no weights: looked for {string.Join(", ", SearchOrder)} (in that order). Save the model with save_pretrained or download its weight files into that folder.")
            : LoadFile(found);
    }

    /// <summary>The weight file <see cref="LoadStateDict"/> would read in <paramref name="modelDir"/>, or null.</summary>
    public static string? Find(string modelDir) =>
        SearchOrder.Select(name => Path.Combine(modelDir, name)).FirstOrDefault(File.Exists);

    /// <summary>
    /// Writes <paramref name="tensors"/> as <c>modelDir/model.safetensors</c> (see <see cref="SafeTensors.Write"/>;
    /// tied weights once) and removes a stale sharded safetensors save from the same folder, as transformers'
    /// save_pretrained does, so the folder holds exactly one set of safetensors weights.
    /// </summary>
    public static string SaveStateDict(string modelDir, IEnumerable<KeyValuePair<string, torch.Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        Directory.CreateDirectory(modelDir);
        string path = Path.Combine(modelDir, SafeTensorsName);
        SafeTensors.Write(path, tensors, metadata);
        foreach (string stale in Directory.EnumerateFiles(modelDir))
        {
            string name = Path.GetFileName(stale);
            if (name == SafeTensorsIndexName || ShardName().IsMatch(name))
                File.Delete(stale);
        }
        return path;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^model-\d{5}-of-\d{5}\.safetensors$")]
    private static partial System.Text.RegularExpressions.Regex ShardName();

    private static Dictionary<string, torch.Tensor> LoadFile(string path)
    {
        string name = Path.GetFileName(path);
        if (name.EndsWith(".index.json", StringComparison.Ordinal))
            return ShardIndex.Load(path, ReadWeights);
        return ReadWeights(path);
    }

    private static Dictionary<string, torch.Tensor> ReadWeights(string path) =>
        path.EndsWith(".safetensors", StringComparison.Ordinal) ? SafeTensors.Read(path)
        : path.EndsWith(".bin", StringComparison.Ordinal) || path.EndsWith(".pt", StringComparison.Ordinal) || path.EndsWith(".pth", StringComparison.Ordinal)
            ? TorchZipCheckpoint.Read(path)
            : throw new TaskInputException($"{path}: unknown weight file type; expected .safetensors, .bin (torch.save) or *.index.json.");
}
