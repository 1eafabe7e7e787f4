using System.Net;
using System.Net.Sockets;
using System.Text;
using HfTrain.Hub.Client;

namespace HfTrain.Hub.Tests.Client;

/// <summary>Redirects: the token follows a relative one, never one to another host.</summary>
public sealed class RedirectTests
{
    [Fact]
    public async Task The_token_follows_a_relative_redirect_but_not_one_to_another_host()
    {
        using var other = new ScriptedHttp(_ => "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        using var hub = new ScriptedHttp(path => path switch
        {
            "/start" => "HTTP/1.1 302 Found\r\nLocation: /second\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            "/second" => $"HTTP/1.1 302 Found\r\nLocation: http://localhost:{other.Port}/file\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            _ => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        });
        var settings = HubSettings.FromEnvironment(k => k switch
        {
            "HF_ENDPOINT" => $"http://127.0.0.1:{hub.Port}",
            "HF_TOKEN" => "hf_secret_token",
            "HF_HOME" => Path.GetTempPath(),
            _ => null,
        });
        using var http = new HubHttp(settings);
        using var response = await http.SendCheckedAsync(new Uri($"http://127.0.0.1:{hub.Port}/start"), u => new HttpRequestMessage(HttpMethod.Get, u), "test");
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());

        Assert.Contains("authorization: bearer hf_secret_token", hub.Heads[0].ToLowerInvariant());
        Assert.Contains("authorization: bearer hf_secret_token", hub.Heads[1].ToLowerInvariant());
        Assert.DoesNotContain("authorization", other.Heads.Single().ToLowerInvariant());
        Assert.DoesNotContain("hf_secret_token", other.Heads.Single());
    }

    /// <summary>A one-request-per-connection HTTP server on 127.0.0.1 answering from a script, recording each request head.</summary>
    sealed class ScriptedHttp : IDisposable
    {
        readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        readonly List<string> _heads = [];

        public ScriptedHttp(Func<string, string> answer)
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (true)
                {
                    TcpClient client;
                    try
                    {
                        client = await _listener.AcceptTcpClientAsync();
                    }
                    catch (Exception e) when (e is SocketException or ObjectDisposedException)
                    {
                        return;
                    }
                    using (client)
                    {
                        var stream = client.GetStream();
                        var head = new StringBuilder();
                        var buffer = new byte[4096];
                        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                        {
                            int read = await stream.ReadAsync(buffer);
                            if (read == 0)
                                break;
                            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                        }
                        lock (_heads)
                            _heads.Add(head.ToString());
                        string path = head.ToString().Split(' ') is { Length: > 1 } parts ? parts[1] : "/";
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(answer(path)));
                    }
                }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public IReadOnlyList<string> Heads
        {
            get
            {
                lock (_heads)
                    return [.. _heads];
            }
        }

        public void Dispose() => _listener.Stop();
    }
}
