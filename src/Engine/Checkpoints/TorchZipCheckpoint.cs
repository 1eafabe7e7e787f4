using System.IO.Compression;
using HfTrain.Abstractions;
using TorchSharp;

namespace HfTrain.Engine.Checkpoints;

/// <summary>
/// Reads <c>pytorch_model.bin</c> written by <c>torch.save(state_dict)</c> (PyTorch ≥ 1.6 zip format:
/// <c>&lt;root&gt;/data.pkl</c> + one <c>&lt;root&gt;/data/&lt;key&gt;</c> entry per storage, see
/// torch/serialization.py). The pickle goes through <see cref="TorchUnpickler"/>, which executes nothing.
/// Tensors that shared a storage in Python (tied weights) share memory here too, as after torch.load.
/// </summary>
internal static class TorchZipCheckpoint
{
    /// <summary>Deflate cannot compress better than ~1032:1; a larger claimed ratio is a corrupt or hostile entry.</summary>
    private const long MaxDeflateRatio = 1100;

    public static Dictionary<string, torch.Tensor> Read(string path)
    {
        using var file = SafeTensorsIo.OpenRead(path);
        if (!LooksLikeZip(file))
            throw Bad(path, "it is not a zip archive (PyTorch < 1.6 legacy format or another file type); re-save it with a recent PyTorch or as model.safetensors");
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw Bad(path, $"the zip archive is damaged ({e.Message})");
        }
        using (zip)
        {
            var pickleEntry = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1)
                ?? throw Bad(path, "the zip archive has no <root>/data.pkl entry");
            string root = pickleEntry.FullName[..^"data.pkl".Length];
            CheckByteOrder(zip, root, path);
            object? state = TorchUnpickler.Load(ReadAll(pickleEntry, path, maxBytes: 256L << 20), path);
            var refs = AsStateDict(state, path);
            return Materialize(zip, root, refs, path, file.Length);
        }
    }

    private static bool LooksLikeZip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[4];
        file.Position = 0;
        bool ok = file.Read(magic) == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'K';
        file.Position = 0;
        return ok;
    }

    /// <summary>torch.save records the writer's byte order; storages are raw bytes in that order.</summary>
    private static void CheckByteOrder(ZipArchive zip, string root, string path)
    {
        var entry = zip.GetEntry(root + "byteorder");
        if (entry is null)
            return;   // written before torch 1.12: always little-endian in practice
        string order = System.Text.Encoding.ASCII.GetString(ReadAll(entry, path, maxBytes: 16)).Trim();
        if (order != "little")
            throw Bad(path, $"its storages are {order}-endian; only little-endian checkpoints are supported");
    }

    private static List<(string Name, TensorRef Ref)> AsStateDict(object? state, string path)
    {
        if (state is not PickleDict dict)
            throw Bad(path, "the pickle does not hold a dict of tensors (a state dict)");
        var result = new List<(string, TensorRef)>(dict.Items.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in dict.Items)
        {
            if (key is not string name)
                throw Bad(path, $"a state dict key is a {key?.GetType().Name ?? "None"}, not a string");
            if (value is not TensorRef tensor)
                throw Bad(path, $"'{name}' holds a {value?.GetType().Name ?? "None"}, not a tensor (is this a full training checkpoint rather than a state dict?)");
            if (!seen.Add(name))
                throw Bad(path, $"'{name}' appears twice");
            result.Add((name, tensor));
        }
        return result;
    }

    private static Dictionary<string, torch.Tensor> Materialize(ZipArchive zip, string root, List<(string Name, TensorRef Ref)> refs, string path, long fileLength)
    {
        var storages = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        var tensors = new Dictionary<string, torch.Tensor>(refs.Count, StringComparer.Ordinal);
        try
        {
            foreach (var (name, r) in refs)
            {
                var type = TorchUnpickler.StorageTypes[r.Storage.StorageType.Name];
                CheckView(name, r, path);
                if (!storages.TryGetValue(r.Storage.Key, out var storage))
                {
                    storage = LoadStorage(zip, root, r.Storage, type, path, fileLength);
                    storages.Add(r.Storage.Key, storage);
                }
                var view = storage.as_strided(r.Size, r.Stride, r.Offset);
                if (!view.is_contiguous())
                {
                    var packed = view.contiguous();   // [size], row-major, own memory
                    view.Dispose();
                    view = packed;
                }
                tensors.Add(name, view);
            }
            return tensors;
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
        finally
        {
            // Views keep their storage alive in libtorch; these wrappers are no longer needed.
            foreach (var s in storages.Values) s.Dispose();
        }
    }

    /// <summary>Every element the view touches must lie inside its storage (as_strided does not check).</summary>
    private static void CheckView(string name, TensorRef r, string path)
    {
        if (r.Size.Length != r.Stride.Length)
            throw Bad(path, $"'{name}' has {r.Size.Length} sizes but {r.Stride.Length} strides");
        if (r.Offset < 0 || r.Size.Any(s => s < 0) || r.Stride.Any(s => s < 0))
            throw Bad(path, $"'{name}' has a negative offset, size or stride");
        if (r.Size.Any(s => s == 0))
            return;   // empty tensor: touches nothing
        long last = r.Offset;
        try
        {
            for (int i = 0; i < r.Size.Length; i++)
                last = checked(last + (r.Size[i] - 1) * r.Stride[i]);
        }
        catch (OverflowException)
        {
            throw Bad(path, $"'{name}' size/stride overflow");
        }
        if (last >= r.Storage.Numel)
            throw Bad(path, $"'{name}' reaches element {last} of storage '{r.Storage.Key}', which has {r.Storage.Numel}");
    }

    private static torch.Tensor LoadStorage(ZipArchive zip, string root, StorageRef storage, torch.ScalarType type, string path, long fileLength)
    {
        string entryName = $"{root}data/{storage.Key}";
        var entry = zip.GetEntry(entryName) ?? throw Bad(path, $"storage entry '{entryName}' is missing");
        long bytes;
        try { bytes = checked(storage.Numel * SafeTensorDType.SizeOf(type)); }
        catch (OverflowException) { throw Bad(path, $"storage '{storage.Key}' size overflows"); }
        // Sizes are checked against the entry and the file before anything is allocated.
        if (entry.Length != bytes)
            throw Bad(path, $"storage '{entryName}' is {entry.Length} bytes but {storage.Numel} × {type} needs {bytes}");
        if (entry.Length > fileLength && entry.Length > entry.CompressedLength * MaxDeflateRatio)
            throw Bad(path, $"storage '{entryName}' claims {entry.Length} bytes from {entry.CompressedLength} compressed bytes");
        var tensor = torch.empty([storage.Numel], type);   // [numel], the raw storage
        try
        {
            using var stream = entry.Open();
            SafeTensorsIo.ReadInto(stream, tensor, bytes, path);
            return tensor;
        }
        catch (InvalidDataException e)
        {
            tensor.Dispose();
            throw Bad(path, $"storage '{entryName}' is damaged ({e.Message})");
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    private static byte[] ReadAll(ZipArchiveEntry entry, string path, long maxBytes)
    {
        if (entry.Length > maxBytes)
            throw Bad(path, $"{entry.FullName} is {entry.Length} bytes, more than a state dict's pickle ever needs");
        var buffer = new byte[entry.Length];
        try
        {
            using var stream = entry.Open();
            stream.ReadExactly(buffer);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw Bad(path, $"{entry.FullName} is damaged ({e.Message})");
        }
        return buffer;
    }

    private static TaskInputException Bad(string path, string problem) =>
        new($"{path}: cannot read this PyTorch checkpoint: {problem}.");
}
