using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TorchSharp;

namespace HfTrain.Engine.Checkpoints;

/// <summary>
/// The byte layout of a safetensors file about to be written: the 8-byte length, the JSON header padded with
/// spaces to a multiple of 8 (safetensors/src/tensor.rs <c>prepare</c>), and the tensors in data order.
/// </summary>
internal sealed class SafeTensorsLayout
{
    public required byte[] HeaderPrefix { get; init; }                                      // length + JSON + padding
    public required IReadOnlyList<(string Name, torch.Tensor Tensor)> Ordered { get; init; }

    public static SafeTensorsLayout Plan(IEnumerable<KeyValuePair<string, torch.Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var list = new List<(string Name, torch.Tensor Tensor, int Size, int Rank)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            ArgumentNullException.ThrowIfNull(tensor, name);
            if (name == "__metadata__" || !names.Add(name))
                throw new ArgumentException($"tensor name '{name}' is reserved or passed twice (pass tied weights once).", nameof(tensors));
            list.Add((name, tensor, SafeTensorDType.SizeOf(tensor.dtype), SafeTensorDType.WriteRank(tensor.dtype)));
        }
        RefuseSharedMemory(list.Select(x => (x.Name, x.Tensor)));
        // As the Rust writer: by dtype rank (element sizes descending, so every tensor stays aligned), then by name.
        list.Sort((a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : string.CompareOrdinal(a.Name, b.Name));

        var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("__metadata__");
            var meta = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["format"] = "pt" };
            foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
                meta[key] = value;
            foreach (var (key, value) in meta)
                writer.WriteString(key, value);
            writer.WriteEndObject();
            long offset = 0;
            foreach (var (name, tensor, size, _) in list)
            {
                long bytes = checked(tensor.numel() * size);
                writer.WriteStartObject(name);
                writer.WriteString("dtype", SafeTensorDType.NameOf(tensor.dtype));
                writer.WriteStartArray("shape");
                foreach (long dim in tensor.shape)
                    writer.WriteNumberValue(dim);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + bytes);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += bytes;
            }
            writer.WriteEndObject();
        }

        int jsonLength = (int)json.Length;
        int padded = (jsonLength + 7) / 8 * 8;
        var prefix = new byte[8 + padded];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)padded);
        json.GetBuffer().AsSpan(0, jsonLength).CopyTo(prefix.AsSpan(8));
        prefix.AsSpan(8 + jsonLength).Fill((byte)' ');
        return new SafeTensorsLayout { HeaderPrefix = prefix, Ordered = list.Select(x => (x.Name, x.Tensor)).ToList() };
    }

    /// <summary>
    /// Tied weights (shared/lm_head/embed_tokens) are one tensor in memory; writing each alias would duplicate
    /// it and the Rust safetensors writer refuses that too, so the caller must pass one name per storage.
    /// Checked for CPU tensors, whose byte ranges we can see.
    /// </summary>
    private static unsafe void RefuseSharedMemory(IEnumerable<(string Name, torch.Tensor Tensor)> tensors)
    {
        var ranges = new List<(ulong Start, ulong End, string Name)>();
        foreach (var (name, tensor) in tensors)
        {
            if (tensor.device_type != DeviceType.CPU || !tensor.is_contiguous() || tensor.numel() == 0)
                continue;
            var span = tensor.bytes;
            ulong start = (ulong)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span));
            ranges.Add((start, start + (ulong)span.Length, name));
        }
        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (int i = 1; i < ranges.Count; i++)
        {
            if (ranges[i].Start < ranges[i - 1].End)
                throw new ArgumentException($"'{ranges[i].Name}' shares memory with '{ranges[i - 1].Name}' (tied weights): pass each tied tensor once, under its canonical name.", nameof(tensors));
        }
    }

    /// <summary>The header JSON text (for tests and diagnostics).</summary>
    public string HeaderJson => Encoding.UTF8.GetString(HeaderPrefix, 8, HeaderPrefix.Length - 8);
}
