using HfTrain.Engine.Formats;
using TorchSharp;

namespace HfTrain.Engine.Checkpoints;

/// <summary>
/// Reads and writes the safetensors format (huggingface/safetensors): the file transformers writes as
/// <c>model.safetensors</c>. Tensors come back as CPU tensors owned by the caller (dispose them, or load them
/// into a module and dispose the dictionary's values).
/// </summary>
public static class SafeTensors
{
    /// <summary>Reads every tensor of one safetensors file. Malformed files raise TaskInputException naming the file.</summary>
    public static Dictionary<string, torch.Tensor> Read(string path) => Read(path, out _);

    /// <summary>Reads every tensor and the <c>__metadata__</c> strings of one safetensors file.</summary>
    public static Dictionary<string, torch.Tensor> Read(string path, out IReadOnlyDictionary<string, string> metadata)
    {
        using var stream = SafeTensorsIo.OpenRead(path);
        var header = SafeTensorsHeader.Read(stream, path);
        metadata = header.Metadata;
        var tensors = new Dictionary<string, torch.Tensor>(header.Entries.Count, StringComparer.Ordinal);
        try
        {
            // Entries are in file order, so this reads the file front to back.
            foreach (var entry in header.Entries)
            {
                stream.Position = header.DataStart + entry.Begin;
                var tensor = torch.empty(entry.Shape, entry.Type);
                tensors.Add(entry.Name, tensor);
                SafeTensorsIo.ReadInto(stream, tensor, entry.End - entry.Begin, path);
            }
            return tensors;
        }
        catch
        {
            foreach (var t in tensors.Values)
                t.Dispose();
            throw;
        }
    }

    /// <summary>Reads only the header (names, dtypes, shapes) without touching tensor bytes.</summary>
    public static IReadOnlyDictionary<string, (torch.ScalarType Type, long[] Shape)> ReadHeader(string path)
    {
        using var stream = SafeTensorsIo.OpenRead(path);
        var header = SafeTensorsHeader.Read(stream, path);
        return header.Entries.ToDictionary(e => e.Name, e => (e.Type, e.Shape), StringComparer.Ordinal);
    }

    /// <summary>
    /// Writes tensors as one safetensors file that transformers loads as is: <c>__metadata__</c> with
    /// <c>"format": "pt"</c> (plus any extra metadata), the header padded with spaces to a multiple of 8, data laid
    /// out the way the Rust writer does (by dtype, largest elements first, then by name) so a file read and rewritten
    /// is byte-identical. Tied weights must be passed once. The file is written to a temporary name beside the
    /// target and renamed over it, so readers never see a half-written or stale-tailed file.
    /// </summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, torch.Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var layout = SafeTensorsLayout.Plan(tensors, metadata);
        long bytes = layout.HeaderPrefix.Length + layout.Ordered.Sum(t => t.Tensor.NumberOfElements * t.Tensor.ElementSize);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(layout.HeaderPrefix);
            foreach (var (_, tensor) in layout.Ordered)
                SafeTensorsIo.WriteFrom(stream, tensor);
        }, bytes);
    }
}
