using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HfTrain.Hub.Tests.Client;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a server that cuts the connection of the first <c>GET</c> after
/// <paramref name="cutAfter"/> response bytes, as a dropped network does mid-download; later requests pass. With
/// <paramref name="stall"/> the connection is not cut but goes silent, as a dead link behind a NAT does.
/// </summary>
internal sealed class LoopbackProxy : IAsyncDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly Uri _target;
    readonly long _cutAfter;
    readonly bool _stall;
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;
    int _cutsLeft;

    public LoopbackProxy(Uri target, long cutAfter, int cuts = 1, bool stall = false)
    {
        _stall = stall;
        _target = target;
        _cutAfter = cutAfter;
        _cutsLeft = cuts;
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Cuts { get; private set; }

    async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => Relay(client));
        }
    }

    async Task Relay(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            await server.ConnectAsync(_target.Host, _target.Port);
            NetworkStream up = client.GetStream(), down = server.GetStream();
            long sent = 0;
            bool armed = false;
            var toServer = Task.Run(async () =>
            {
                var buffer = new byte[65536];
                int read;
                try
                {
                    while ((read = await up.ReadAsync(buffer)) > 0)
                    {
                        if (Encoding.ASCII.GetString(buffer, 0, Math.Min(read, 4)) == "GET " && Interlocked.Decrement(ref _cutsLeft) >= 0)
                        {
                            armed = true;
                            Interlocked.Exchange(ref sent, 0);
                        }
                        await down.WriteAsync(buffer.AsMemory(0, read));
                    }
                }
                catch (IOException)
                {
                }
                catch (ObjectDisposedException)
                {
                }
            });
            var chunk = new byte[512];
            try
            {
                int read;
                while ((read = await down.ReadAsync(chunk)) > 0)
                {
                    if (armed && Interlocked.Read(ref sent) + read > _cutAfter)
                    {
                        int part = (int)Math.Max(0, _cutAfter - Interlocked.Read(ref sent));
                        await up.WriteAsync(chunk.AsMemory(0, part));
                        Cuts++;
                        if (_stall)
                        {
                            await Task.Delay(Timeout.Infinite, _stop.Token).ContinueWith(_ => { });   // silent until disposed
                            return;
                        }
                        client.Client.LingerState = new LingerOption(true, 0);   // a reset, not a clean close
                        return;
                    }
                    await up.WriteAsync(chunk.AsMemory(0, read));
                    Interlocked.Add(ref sent, read);
                }
            }
            catch (IOException)
            {
            }
            server.Close();
            await toServer;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _loop;
    }
}
