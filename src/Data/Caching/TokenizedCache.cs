using System.Text;
using HfTrain.Abstractions;

namespace HfTrain.Data.Caching;

/// <summary>
/// Tokenized examples on disk, one file per (fingerprint, split): <c>&lt;folder&gt;/&lt;fingerprint&gt;/&lt;split&gt;.bin</c>.
/// Written to a temporary file in the same folder and renamed over the target, so a crash or a concurrent rank
/// never leaves a half-written entry; a file that does not parse is treated as a miss and rewritten.
/// Format (little-endian): "HFTC", version int32, fingerprint (64 ASCII bytes), count int32, then per example:
/// input length int32 + int32 ids, label length int32 + int32 ids, reference byte length int32 + UTF-8 bytes;
/// last, the CRC32 of everything before it (version 2): a bit flipped on disk would otherwise train on wrong ids
/// that still parse, so an entry whose checksum does not match is a miss and is rebuilt.
/// </summary>
public sealed class TokenizedCache(string folder)
{
    private const int Version = 2;
    private static readonly byte[] Magic = "HFTC"u8.ToArray();

    public string Folder { get; } = folder;

    /// <summary><c>$HF_DATASETS_CACHE/hf-train</c>, else <c>$HF_HOME/datasets/hf-train</c>, else
    /// <c>~/.cache/huggingface/datasets/hf-train</c> — next to where <c>datasets</c> keeps its own cache.</summary>
    public static string DefaultFolder(Func<string, string?> getEnvironment)
    {
        if (getEnvironment("HF_DATASETS_CACHE") is { Length: > 0 } datasets)
            return Path.Combine(datasets, "hf-train");
        if (getEnvironment("HF_HOME") is { Length: > 0 } home)
            return Path.Combine(home, "datasets", "hf-train");
        var user = getEnvironment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(user, ".cache", "huggingface", "datasets", "hf-train");
    }

    public string PathFor(string fingerprint, string split) => Path.Combine(Folder, fingerprint, split + ".bin");

    /// <summary>The cached examples, or <paramref name="build"/>'s (then saved) when there are none, the entry is
    /// unreadable, or <paramref name="overwrite"/> (<c>--overwrite_cache</c>) is set.</summary>
    public IReadOnlyList<Seq2SeqExample> GetOrCreate(
        string fingerprint, string split, bool overwrite, Func<IReadOnlyList<Seq2SeqExample>> build)
    {
        if (!overwrite && TryLoad(fingerprint, split) is { } cached)
            return cached;
        var examples = build();
        Save(fingerprint, split, examples);
        return examples;
    }

    public IReadOnlyList<Seq2SeqExample>? TryLoad(string fingerprint, string split)
    {
        var path = PathFor(fingerprint, split);
        if (!File.Exists(path))
            return null;
        try
        {
            byte[] file = File.ReadAllBytes(path);
            if (file.Length < 4 || BitConverter.ToUInt32(file, file.Length - 4) != Files.Crc32.Compute(file.AsSpan(0, file.Length - 4)))
                return null;
            using var reader = new BinaryReader(new MemoryStream(file, 0, file.Length - 4, writable: false), Encoding.UTF8);
            if (!reader.ReadBytes(4).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != Version
                || Encoding.ASCII.GetString(reader.ReadBytes(64)) != fingerprint)
                return null;
            var count = reader.ReadInt32();
            var examples = new List<Seq2SeqExample>(count);
            for (var i = 0; i < count; i++)
            {
                var inputs = ReadIds(reader);
                var labels = ReadIds(reader);
                var reference = Encoding.UTF8.GetString(ReadExactly(reader, reader.ReadInt32()));
                examples.Add(new Seq2SeqExample(inputs, labels, reference));
            }
            return reader.BaseStream.Position == reader.BaseStream.Length ? examples : null;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    public void Save(string fingerprint, string split, IReadOnlyList<Seq2SeqExample> examples)
    {
        var path = PathFor(fingerprint, split);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            using (var body = new MemoryStream())
            using (var writer = new BinaryWriter(body, Encoding.UTF8))
            {
                writer.Write(Magic);
                writer.Write(Version);
                writer.Write(Encoding.ASCII.GetBytes(fingerprint.PadRight(64)[..64]));
                writer.Write(examples.Count);
                foreach (var example in examples)
                {
                    WriteIds(writer, example.InputIds);
                    WriteIds(writer, example.Labels);
                    var reference = Encoding.UTF8.GetBytes(example.Reference);
                    writer.Write(reference.Length);
                    writer.Write(reference);
                }
                writer.Flush();
                var bytes = body.GetBuffer().AsSpan(0, (int)body.Length);
                stream.Write(bytes);
                stream.Write(BitConverter.GetBytes(Files.Crc32.Compute(bytes)));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true); // rename(2): atomic on one file system
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    private static int[] ReadIds(BinaryReader reader)
    {
        var ids = new int[reader.ReadInt32()];
        var bytes = ReadExactly(reader, ids.Length * sizeof(int));
        Buffer.BlockCopy(bytes, 0, ids, 0, bytes.Length);
        return ids;
    }

    /// <summary>BinaryReader.ReadBytes returns short at the end of the stream; a cache entry cut short is a miss.</summary>
    private static byte[] ReadExactly(BinaryReader reader, int count)
    {
        var bytes = reader.ReadBytes(count);
        return bytes.Length == count ? bytes : throw new EndOfStreamException();
    }

    private static void WriteIds(BinaryWriter writer, int[] ids)
    {
        writer.Write(ids.Length);
        var bytes = new byte[ids.Length * sizeof(int)];
        Buffer.BlockCopy(ids, 0, bytes, 0, bytes.Length);
        writer.Write(bytes);
    }
}
