using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace HfTrain.Distributed.Rendezvous;

/// <summary>
/// A client of PyTorch's c10d TCPStore (torchrun's agent store, or a launcher's store speaking the same protocol) —
/// a client only, it never binds. The wire format is TCPStoreBackend.cpp's (PyTorch 2.2 and newer, both the classic
/// and the libuv server): a connection opens with VALIDATE and the magic number 0x3C85F7CE; each query is one type
/// byte, strings and byte vectors go as a little-endian uint64 length and the bytes; SET has no answer, GET answers a
/// vector (the server closes the connection for a missing key, so a GET is preceded by WAIT), ADD answers the new
/// int64, WAIT answers STOP_WAITING (0) once every key exists, CHECK answers READY (0) or NOT_READY (1).
/// </summary>
public sealed class TcpStoreClient : IDisposable
{
    const uint ValidationMagic = 0x3C85F7CE;
    enum Query : byte { Validate = 0, Set = 1, CompareSet = 2, Get = 3, Add = 4, Check = 5, Wait = 6 }

    readonly TcpClient _client;
    readonly NetworkStream _stream;
    readonly string _prefix;
    readonly string _address;

    TcpStoreClient(TcpClient client, string prefix, string address)
    {
        (_client, _prefix, _address) = (client, prefix, address);
        _stream = client.GetStream();
    }

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/>, retrying until <paramref name="timeout"/>
    /// (the store may start after the worker), and validates. Keys are prefixed with <paramref name="prefix"/>.</summary>
    public static TcpStoreClient Connect(string host, int port, string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var client = new TcpClient { NoDelay = true, ReceiveTimeout = (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds) };
            try
            {
                client.Connect(host, port);
                var store = new TcpStoreClient(client, prefix, $"{host}:{port}");
                Span<byte> hello = stackalloc byte[5];
                hello[0] = (byte)Query.Validate;
                BinaryPrimitives.WriteUInt32LittleEndian(hello[1..], ValidationMagic);
                store._stream.Write(hello);
                return store;
            }
            catch (SocketException e)
            {
                client.Dispose();
                if (DateTime.UtcNow >= deadline)
                    throw new CollectiveException($"Could not reach the rendezvous store at {host}:{port} within {timeout.TotalSeconds:0} s ({e.SocketErrorCode}). " +
                                                  "Check MASTER_ADDR/MASTER_PORT (or HF_TRAIN_STORE) and that the launcher is running.");
                Thread.Sleep(200);
            }
        }
    }

    public void Set(string key, ReadOnlySpan<byte> value)
    {
        var message = new MessageBuilder(Query.Set).String(_prefix + key).Bytes(value);
        Send(message);
    }

    /// <summary>Waits until <paramref name="key"/> exists, then returns its value.</summary>
    public byte[] Get(string key)
    {
        Wait(key);
        Send(new MessageBuilder(Query.Get).String(_prefix + key));
        return ReadVector();
    }

    /// <summary>Adds <paramref name="delta"/> to the number under <paramref name="key"/> (0 when new); returns the sum.</summary>
    public long Add(string key, long delta)
    {
        Send(new MessageBuilder(Query.Add).String(_prefix + key).Int64(delta));
        return BinaryPrimitives.ReadInt64LittleEndian(Read(8));
    }

    /// <summary>Whether every key exists now.</summary>
    public bool Check(params string[] keys)
    {
        var message = new MessageBuilder(Query.Check).UInt64((ulong)keys.Length);
        foreach (string key in keys)
            message.String(_prefix + key);
        Send(message);
        return Read(1)[0] == 0;
    }

    /// <summary>Blocks until every key exists (up to the connection's receive timeout).</summary>
    public void Wait(params string[] keys)
    {
        var message = new MessageBuilder(Query.Wait).UInt64((ulong)keys.Length);
        foreach (string key in keys)
            message.String(_prefix + key);
        Send(message);
        if (Read(1)[0] != 0)
            throw new CollectiveException($"The rendezvous store at {_address} cancelled a wait for {string.Join(", ", keys)}.");
    }

    void Send(MessageBuilder message)
    {
        try
        {
            _stream.Write(message.ToArray());
        }
        catch (IOException e)
        {
            throw Lost(e);
        }
    }

    byte[] ReadVector() => Read(checked((int)BinaryPrimitives.ReadUInt64LittleEndian(Read(8))));

    byte[] Read(int count)
    {
        var buffer = new byte[count];
        try
        {
            _stream.ReadExactly(buffer);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException)
        {
            throw Lost(e);
        }
        return buffer;
    }

    CollectiveException Lost(Exception e) =>
        new($"The rendezvous store at {_address} stopped answering ({e.Message}): the launcher or another rank ended, or a wait timed out.");

    public void Dispose()
    {
        _stream.Dispose();
        _client.Dispose();
    }

    sealed class MessageBuilder
    {
        readonly MemoryStream _bytes = new();

        public MessageBuilder(Query query) => _bytes.WriteByte((byte)query);

        public MessageBuilder String(string text) => Bytes(Encoding.UTF8.GetBytes(text));

        public MessageBuilder Bytes(ReadOnlySpan<byte> value)
        {
            UInt64((ulong)value.Length);
            _bytes.Write(value);
            return this;
        }

        public MessageBuilder UInt64(ulong value)
        {
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(b, value);
            _bytes.Write(b);
            return this;
        }

        public MessageBuilder Int64(long value) => UInt64(unchecked((ulong)value));

        public byte[] ToArray() => _bytes.ToArray();
    }
}
