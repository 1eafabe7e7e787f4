using System.Buffers.Binary;
using System.Text;
using HfTrain.Abstractions;

namespace HfTrain.Engine.Checkpoints;

/// <summary>
/// A minimal, safe unpickler for the subset of pickle protocol 2–5 that <c>torch.save(state_dict)</c> emits
/// (cpython Lib/pickle.py opcodes; torch/serialization.py <c>_load</c> persistent ids). It builds only
/// <see cref="PickleValues"/> records: dicts/OrderedDicts, tuples, lists, numbers, strings, storage references
/// and tensor descriptions. Any other global, opcode or call is refused; nothing is ever executed.
/// </summary>
internal sealed partial class TorchUnpickler
{
    private readonly byte[] _data;
    private readonly string _path;
    private int _pos;
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];
    private readonly Dictionary<string, StorageRef> _storages = new(StringComparer.Ordinal);

    private TorchUnpickler(byte[] data, string path) => (_data, _path) = (data, path);

    /// <summary>Unpickles <paramref name="data"/> (the bytes of data.pkl); <paramref name="path"/> names it in errors.</summary>
    public static object? Load(byte[] data, string path) => new TorchUnpickler(data, path).Run();

    private object? Run()
    {
        while (true)
        {
            byte op = ReadByte();
            switch (op)
            {
                case 0x80: ReadByte(); break;                                       // PROTO n
                case 0x95: Read(8); break;                                          // FRAME len (framing only)
                case (byte)'.': return _stack.Count == 1 ? _stack[0] : throw Bad("STOP with an unbalanced stack");
                case (byte)'(': _marks.Push(_stack.Count); break;                   // MARK
                case (byte)')': Push(new PickleTuple([])); break;                   // EMPTY_TUPLE
                case (byte)'t': Push(new PickleTuple(PopMark().ToArray())); break;            // TUPLE
                case 0x85: Push(new PickleTuple([Pop()])); break;                   // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); Push(new PickleTuple([a, b])); break; }        // TUPLE2
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new PickleTuple([a, b, c])); break; } // TUPLE3
                case (byte)'}': Push(new PickleDict()); break;                      // EMPTY_DICT
                case (byte)']': Push(new List<object?>()); break;                   // EMPTY_LIST
                case (byte)'s': { var v = Pop(); var k = Pop(); AsDict(Peek()).Items.Add(new(k, v)); break; } // SETITEM
                case (byte)'u': SetItems(); break;                                  // SETITEMS
                case (byte)'a': { var v = Pop(); AsList(Peek()).Add(v); break; }    // APPEND
                case (byte)'e': { var items = PopMark(); AsList(Peek()).AddRange(items); break; } // APPENDS
                case (byte)'N': Push(null); break;                                  // NONE
                case 0x88: Push(true); break;                                       // NEWTRUE
                case 0x89: Push(false); break;                                      // NEWFALSE
                case (byte)'K': Push((long)ReadByte()); break;                      // BININT1
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Read(2))); break; // BININT2
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Read(4))); break;  // BININT
                case 0x8a: Push(ReadLong1()); break;                                // LONG1
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Read(8))); break;          // BINFLOAT
                case 0x8c: Push(ReadString(ReadByte())); break;                     // SHORT_BINUNICODE
                case (byte)'X': Push(ReadString(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)))); break; // BINUNICODE
                case (byte)'C': Push(Read(ReadByte()).ToArray()); break;            // SHORT_BINBYTES
                case (byte)'B': Push(Read(checked((int)BinaryPrimitives.ReadUInt32LittleEndian(Read(4)))).ToArray()); break; // BINBYTES
                case (byte)'q': _memo[ReadByte()] = Peek(); break;                  // BINPUT
                case (byte)'r': _memo[BinaryPrimitives.ReadUInt32LittleEndian(Read(4))] = Peek(); break; // LONG_BINPUT
                case 0x94: _memo[_memo.Count] = Peek(); break;                      // MEMOIZE
                case (byte)'h': Push(Recall(ReadByte())); break;                    // BINGET
                case (byte)'j': Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)))); break; // LONG_BINGET
                case (byte)'0': Pop(); break;                                       // POP
                case (byte)'1': PopMark(); break;                                   // POP_MARK
                case (byte)'2': Push(Peek()); break;                                // DUP
                case (byte)'c': Push(Allow(ReadLine(), ReadLine())); break;         // GLOBAL module\nname\n
                case 0x93: { var name = Pop(); var module = Pop(); Push(Allow(AsString(module), AsString(name))); break; } // STACK_GLOBAL
                case (byte)'Q': Push(PersistentLoad(Pop())); break;                 // BINPERSID
                case (byte)'R': { var args = Pop(); var fn = Pop(); Push(Reduce(fn, args)); break; } // REDUCE
                case (byte)'b': Build(); break;                                     // BUILD
                default:
                    throw Bad($"pickle opcode 0x{op:x2} ('{(char)op}') at byte {_pos - 1} is not part of a plain state dict; refusing to load it");
            }
        }
    }

    private void SetItems()
    {
        var items = PopMark();
        if (items.Count % 2 != 0)
            throw Bad("SETITEMS with an odd number of items");
        var dict = AsDict(Peek());
        for (int i = 0; i < items.Count; i += 2)
            dict.Items.Add(new(items[i], items[i + 1]));
    }

    private void Build()
    {
        var state = Pop();
        // OrderedDict.__reduce__ passes the instance __dict__ ({'_metadata': ...} on a state dict) as BUILD
        // state; it carries per-module versions we do not need, so it is dropped.
        if (Peek() is PickleDict && state is PickleDict or null)
            return;
        throw Bad($"BUILD on a {Describe(Peek())} is not part of a plain state dict");
    }

    private object? Recall(long index) =>
        _memo.TryGetValue(index, out var value) ? value : throw Bad($"memo entry {index} used before it was stored");

    private void Push(object? value) => _stack.Add(value);

    private object? Peek() => _stack.Count > 0 && (_marks.Count == 0 || _marks.Peek() < _stack.Count)
        ? _stack[^1] : throw Bad("stack underflow (corrupt pickle)");

    private object? Pop()
    {
        var value = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private List<object?> PopMark()
    {
        if (_marks.Count == 0)
            throw Bad("no MARK on the stack (corrupt pickle)");
        int start = _marks.Pop();
        var items = _stack.GetRange(start, _stack.Count - start);
        _stack.RemoveRange(start, _stack.Count - start);
        return items;
    }

    private byte ReadByte() => _pos < _data.Length ? _data[_pos++] : throw Bad("pickle ends before STOP (truncated file)");

    private ReadOnlySpan<byte> Read(long count)
    {
        if (count < 0 || count > _data.Length - _pos)
            throw Bad($"pickle ends inside a {count}-byte field (truncated file)");
        var span = _data.AsSpan(_pos, (int)count);
        _pos += (int)count;
        return span;
    }

    private string ReadString(long length) => Encoding.UTF8.GetString(Read(length));

    private string ReadLine()
    {
        int end = Array.IndexOf(_data, (byte)'\n', _pos);
        if (end < 0)
            throw Bad("GLOBAL name runs to the end of the pickle");
        string line = Encoding.ASCII.GetString(_data, _pos, end - _pos);
        _pos = end + 1;
        return line;
    }

    private long ReadLong1()
    {
        int n = ReadByte();
        if (n > 8)
            throw Bad($"integer of {n} bytes does not fit 64 bits");
        var bytes = Read(n);
        long value = 0;
        for (int i = n - 1; i >= 0; i--)
            value = (value << 8) | bytes[i];
        if (n is > 0 and < 8 && (bytes[n - 1] & 0x80) != 0)
            value -= 1L << (8 * n);                                             // two's complement sign
        return value;
    }

    private TaskInputException Bad(string problem) =>
        new($"{_path}: cannot read this PyTorch checkpoint: {problem}. Convert it to model.safetensors (transformers: save_pretrained(..., safe_serialization=True)).");
}
