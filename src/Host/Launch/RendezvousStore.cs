using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using HfTrain.Host.Options;

namespace HfTrain.Host.Launch;

/// <summary>
/// The launcher's store on machine 0 (torchrun's agent store): a PyTorch c10d TCPStore server, the part of its wire
/// protocol (TCPStoreBackend.cpp) that rendezvous clients use — VALIDATE, SET, COMPARE_SET, GET, ADD, CHECK, WAIT.
/// NCCL ranks meet here to pass NCCL's id (TORCHELASTIC_USE_AGENT_STORE=True, as under torchrun). One thread per
/// connection: a WAIT blocks only its own connection.
/// </summary>
internal sealed class RendezvousStore : IDisposable
{
    const uint ValidationMagic = 0x3C85F7CE;
    enum Query : byte { Validate = 0, Set = 1, CompareSet = 2, Get = 3, Add = 4, Check = 5, Wait = 6 }

    readonly TcpListener _listener;
    readonly Dictionary<string, byte[]> _values = new(StringComparer.Ordinal);
    readonly object _lock = new();   // Monitor.Wait/PulseAll: a WAIT sleeps until a SET or ADD
    readonly List<TcpClient> _clients = [];
    volatile bool _stopped;

    public int Port { get; }

    /// <summary>Listens on every address at <paramref name="port"/> (the ranks of other machines connect too).</summary>
    public RendezvousStore(int port)
    {
        _listener = new TcpListener(IPAddress.Any, port);
        try
        {
            _listener.Start();
        }
        catch (SocketException e)
        {
            throw new UsageException($"launch: the rendezvous port {port} cannot be opened ({e.SocketErrorCode}); another run may be using it. Choose another with --master_port, or use --standalone.");
        }
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        new Thread(Accept) { IsBackground = true, Name = "rendezvous store" }.Start();
    }

    void Accept()
    {
        while (!_stopped)
        {
            TcpClient client;
            try
            {
                client = _listener.AcceptTcpClient();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            client.NoDelay = true;
            lock (_lock)
                _clients.Add(client);
            new Thread(() => Serve(client)) { IsBackground = true, Name = "rendezvous client" }.Start();
        }
    }

    void Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                while (!_stopped)
                {
                    int type = stream.ReadByte();
                    if (type < 0)
                        return;
                    if (!Answer((Query)type, stream))
                        return;
                }
            }
            catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException or SocketException)
            {
                // the rank went away; its keys stay for the others
            }
        }
    }

    /// <summary>Reads one query's arguments and writes its answer; false closes the connection (a query not served).</summary>
    bool Answer(Query query, Stream stream)
    {
        switch (query)
        {
            case Query.Validate:
                return BinaryPrimitives.ReadUInt32LittleEndian(ReadExactly(stream, 4)) == ValidationMagic;
            case Query.Set:
            {
                string key = ReadString(stream);
                byte[] value = ReadVector(stream);
                Update(() => _values[key] = value);
                return true;
            }
            case Query.CompareSet:
            {
                string key = ReadString(stream);
                byte[] expected = ReadVector(stream), desired = ReadVector(stream);
                byte[] current = [];
                Update(() =>
                {
                    bool exists = _values.TryGetValue(key, out byte[]? old);
                    if ((!exists && expected.Length == 0) || (exists && old!.AsSpan().SequenceEqual(expected)))
                        _values[key] = desired;
                    current = _values.TryGetValue(key, out byte[]? now) ? now : expected;
                });
                WriteVector(stream, current);
                return true;
            }
            case Query.Get:
            {
                string key = ReadString(stream);
                byte[]? value;
                lock (_lock)
                    value = _values.GetValueOrDefault(key);
                if (value is null)
                    return false;   // as TCPStore: a GET of a missing key closes the connection
                WriteVector(stream, value);
                return true;
            }
            case Query.Add:
            {
                string key = ReadString(stream);
                long delta = BinaryPrimitives.ReadInt64LittleEndian(ReadExactly(stream, 8));
                long sum = 0;
                Update(() =>
                {
                    long old = _values.TryGetValue(key, out byte[]? text) ? long.Parse(System.Text.Encoding.ASCII.GetString(text), System.Globalization.CultureInfo.InvariantCulture) : 0;
                    sum = old + delta;
                    _values[key] = System.Text.Encoding.ASCII.GetBytes(sum.ToString(System.Globalization.CultureInfo.InvariantCulture));
                });
                Span<byte> answer = stackalloc byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(answer, sum);
                stream.Write(answer);
                return true;
            }
            case Query.Check:
            case Query.Wait:
            {
                var keys = Enumerable.Range(0, checked((int)BinaryPrimitives.ReadUInt64LittleEndian(ReadExactly(stream, 8)))).Select(_ => ReadString(stream)).ToList();
                lock (_lock)
                {
                    while (query == Query.Wait && !_stopped && !keys.All(_values.ContainsKey))
                        Monitor.Wait(_lock);
                    stream.WriteByte(keys.All(_values.ContainsKey) ? (byte)0 : (byte)1);
                }
                return true;
            }
            default:
                return false;
        }
    }

    void Update(Action change)
    {
        lock (_lock)
        {
            change();
            Monitor.PulseAll(_lock);
        }
    }

    static byte[] ReadExactly(Stream stream, int count)
    {
        var buffer = new byte[count];
        stream.ReadExactly(buffer);
        return buffer;
    }

    static byte[] ReadVector(Stream stream) => ReadExactly(stream, checked((int)BinaryPrimitives.ReadUInt64LittleEndian(ReadExactly(stream, 8))));

    static string ReadString(Stream stream) => System.Text.Encoding.UTF8.GetString(ReadVector(stream));

    static void WriteVector(Stream stream, byte[] value)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)value.Length);
        stream.Write(length);
        stream.Write(value);
    }

    public void Dispose()
    {
        _stopped = true;
        _listener.Stop();
        lock (_lock)
        {
            foreach (TcpClient client in _clients)
                client.Dispose();
            Monitor.PulseAll(_lock);
        }
    }
}
