using System.IO.Compression;
using System.Text;

namespace HfTrain.Engine.Tests.Checkpoints;

/// <summary>
/// Emits pickle protocol-2 opcodes by hand (cpython Lib/pickle.py), to build the state-dict pickles torch.save
/// writes and hostile variants of them, and packs them into a torch-style zip.
/// </summary>
internal sealed class PickleBytes
{
    private readonly MemoryStream _bytes = new();

    public PickleBytes Op(params byte[] bytes) { _bytes.Write(bytes); return this; }
    public PickleBytes Proto() => Op(0x80, 2);
    public PickleBytes Global(string module, string name) => Op((byte)'c').Op(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
    public PickleBytes Mark() => Op((byte)'(');
    public PickleBytes Tuple() => Op((byte)'t');
    public PickleBytes EmptyTuple() => Op((byte)')');
    public PickleBytes EmptyDict() => Op((byte)'}');
    public PickleBytes SetItems() => Op((byte)'u');
    public PickleBytes Reduce() => Op((byte)'R');
    public PickleBytes BinPersId() => Op((byte)'Q');
    public PickleBytes False() => Op(0x89);
    public PickleBytes Stop() => Op((byte)'.');
    public PickleBytes Put(byte slot) => Op((byte)'q', slot);
    public PickleBytes Get(byte slot) => Op((byte)'h', slot);

    public PickleBytes Int(long value) =>
        value is >= 0 and < 256 ? Op((byte)'K', (byte)value) : Op((byte)'J').Op(BitConverter.GetBytes(checked((int)value)));

    public PickleBytes Str(string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        return Op((byte)'X').Op(BitConverter.GetBytes(utf8.Length)).Op(utf8);
    }

    public PickleBytes Ints(params long[] values)
    {
        Mark();
        foreach (long v in values) Int(v);
        return Tuple();
    }

    /// <summary>_rebuild_tensor_v2(('storage', torch.&lt;type&gt;, key, 'cpu', numel), offset, size, stride, False, OrderedDict())</summary>
    public PickleBytes Tensor(string storageType, string key, long numel, long offset, long[] size, long[] stride) =>
        Global("torch._utils", "_rebuild_tensor_v2")
            .Mark().Mark().Str("storage").Global("torch", storageType).Str(key).Str("cpu").Int(numel).Tuple().BinPersId()
            .Int(offset).Ints(size).Ints(stride).False().Global("collections", "OrderedDict").EmptyTuple().Reduce()
            .Tuple().Reduce();

    // Protocol 4 forms (pickle_protocol=4 in torch.save): framing, memoize-by-count, short strings, stack globals.
    public PickleBytes Frame(long length) => Op(0x95).Op(BitConverter.GetBytes(length));
    public PickleBytes Memoize() => Op(0x94);
    public PickleBytes ShortStr(string value) => Op(0x8c, (byte)Encoding.UTF8.GetByteCount(value)).Op(Encoding.UTF8.GetBytes(value));
    public PickleBytes StackGlobal(string module, string name) => ShortStr(module).Memoize().ShortStr(name).Memoize().Op(0x93);

    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>A torch.save-style zip: &lt;root&gt;/data.pkl and &lt;root&gt;/data/&lt;key&gt; entries.</summary>
    public static void WriteZip(string path, byte[] pickle, IReadOnlyDictionary<string, byte[]> storages, string root = "archive")
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        void Add(string name, byte[] data)
        {
            using var stream = zip.CreateEntry($"{root}/{name}", CompressionLevel.NoCompression).Open();
            stream.Write(data);
        }
        Add("data.pkl", pickle);
        foreach (var (key, data) in storages)
            Add($"data/{key}", data);
        Add("version", "3\n"u8.ToArray());
    }
}
