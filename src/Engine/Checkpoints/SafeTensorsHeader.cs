using System.Buffers.Binary;
using System.Text.Json;
using HfTrain.Abstractions;
using TorchSharp;

namespace HfTrain.Engine.Checkpoints;

/// <summary>One tensor's entry in a safetensors header; offsets are relative to the start of the data section.</summary>
internal sealed record SafeTensorEntry(string Name, torch.ScalarType Type, long[] Shape, long Begin, long End);

/// <summary>
/// A parsed and fully validated safetensors header: 8-byte little-endian header length N, N bytes of JSON,
/// then the data section. Validation follows safetensors/src/tensor.rs (<c>Metadata::validate</c>): ranges
/// sorted by start must tile the data section exactly (no overlap, no hole, nothing after the last one), and
/// each range's length must equal numel × element size. Every size is checked against the file length before
/// anything is allocated, so a hostile file can neither make us read out of bounds nor allocate a huge buffer.
/// </summary>
internal sealed class SafeTensorsHeader
{
    /// <summary>Same cap as the Rust reader (MAX_HEADER_SIZE): a larger header is a corrupt or hostile file.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    public required IReadOnlyList<SafeTensorEntry> Entries { get; init; }   // sorted by Begin
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }
    public required long DataStart { get; init; }                           // 8 + N

    public static SafeTensorsHeader Read(FileStream stream, string path)
    {
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw Bad(path, $"file too short ({fileLength} bytes): a safetensors file starts with an 8-byte header length");
        Span<byte> prefix = stackalloc byte[8];
        stream.Position = 0;
        stream.ReadExactly(prefix);
        ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (declared > (ulong)(fileLength - 8))
            throw Bad(path, $"header size {declared} is larger than the file ({fileLength} bytes)");
        if (declared > MaxHeaderBytes)
            throw Bad(path, $"header size {declared} exceeds the {MaxHeaderBytes}-byte limit");
        if (declared < 2)
            throw Bad(path, $"header size {declared} is too small for a JSON object");

        var json = new byte[(int)declared];
        stream.ReadExactly(json);
        long dataStart = 8 + (long)declared;
        return Parse(json, path, dataStart, fileLength - dataStart);
    }

    private static SafeTensorsHeader Parse(byte[] json, string path, long dataStart, long dataLength)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw Bad(path, $"header is not valid JSON ({e.Message})");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw Bad(path, $"header is a JSON {doc.RootElement.ValueKind}, expected an object of tensor entries");

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<SafeTensorEntry>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw Bad(path, $"tensor '{property.Name}' appears twice in the header");
                if (property.Name == "__metadata__")
                    ReadMetadata(property.Value, path, metadata);
                else
                    entries.Add(ReadEntry(property.Name, property.Value, path, dataLength));
            }
            entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
            CheckTiling(entries, path, dataLength);
            return new SafeTensorsHeader { Entries = entries, Metadata = metadata, DataStart = dataStart };
        }
    }

    private static void ReadMetadata(JsonElement value, string path, Dictionary<string, string> metadata)
    {
        if (value.ValueKind == JsonValueKind.Null)
            return;
        if (value.ValueKind != JsonValueKind.Object)
            throw Bad(path, "__metadata__ must be an object of strings");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Bad(path, $"__metadata__ value '{item.Name}' is not a string");
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static SafeTensorEntry ReadEntry(string name, JsonElement value, string path, long dataLength)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Bad(path, $"entry '{name}' is not an object with dtype, shape and data_offsets");
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Bad(path, $"entry '{name}' has no string 'dtype'");
        string dtype = dtypeElement.GetString()!;
        if (!SafeTensorDType.TryParse(dtype, out var type, out int elementSize))
        {
            string why = SafeTensorDType.IsKnownButUnsupported(dtype) ? "is not supported by libtorch in TorchSharp" : "is unknown";
            throw Bad(path, $"entry '{name}' has dtype '{dtype}', which {why} (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
        }

        long[] shape = ReadLongs(value, "shape", name, path);
        long[] offsets = ReadLongs(value, "data_offsets", name, path);
        if (offsets.Length != 2)
            throw Bad(path, $"entry '{name}' data_offsets has {offsets.Length} numbers, expected [begin, end]");
        var (begin, end) = (offsets[0], offsets[1]);
        if (begin > end)
            throw Bad(path, $"entry '{name}' data_offsets [{begin}, {end}] are out of order (begin after end)");
        if (end > dataLength)
            throw Bad(path, $"entry '{name}' data_offsets [{begin}, {end}] run past the end of the data section ({dataLength} bytes)");

        long bytes = elementSize;
        foreach (long dim in shape)
        {
            if (dim < 0)
                throw Bad(path, $"entry '{name}' has a negative dimension in shape [{string.Join(", ", shape)}]");
            // Overflow-checked: a shape whose byte size overflows can never match a range inside the file.
            try { bytes = checked(bytes * dim); }
            catch (OverflowException) { throw Bad(path, $"entry '{name}' shape [{string.Join(", ", shape)}] is too large"); }
        }
        if (bytes != end - begin)
            throw Bad(path, $"entry '{name}' shape [{string.Join(", ", shape)}] × {dtype} is {bytes} bytes but data_offsets [{begin}, {end}] hold {end - begin}");
        return new SafeTensorEntry(name, type, shape, begin, end);
    }

    private static long[] ReadLongs(JsonElement value, string field, string name, string path)
    {
        if (!value.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
            throw Bad(path, $"entry '{name}' has no '{field}' array");
        var result = new long[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long number))
                throw Bad(path, $"entry '{name}' {field} holds '{item}', expected integers");
            if (field == "data_offsets" && number < 0)
                throw Bad(path, $"entry '{name}' data_offsets holds a negative offset {number}");
            result[i++] = number;
        }
        return result;
    }

    private static void CheckTiling(List<SafeTensorEntry> sorted, string path, long dataLength)
    {
        long expected = 0;
        string? previous = null;
        foreach (var entry in sorted)
        {
            if (entry.Begin < expected)
                throw Bad(path, $"entry '{entry.Name}' bytes [{entry.Begin}, {entry.End}] overlap entry '{previous}' (which ends at {expected})");
            if (entry.Begin > expected)
                throw Bad(path, $"bytes [{expected}, {entry.Begin}) before entry '{entry.Name}' belong to no tensor (a hole in the data section)");
            expected = entry.End;
            previous = entry.Name;
        }
        if (expected != dataLength)
            throw Bad(path, $"the data section is {dataLength} bytes but the tensors cover only {expected}: trailing bytes or a truncated header");
    }

    internal static TaskInputException Bad(string path, string problem) =>
        new($"{path}: not a valid safetensors file: {problem}. Re-save the checkpoint (e.g. save_pretrained in transformers) or point to an intact copy.");
}
