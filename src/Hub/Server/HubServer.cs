using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Server;

/// <summary>
/// <c>hf-train hub serve</c>: a Hugging Face Hub that keeps its repos under a folder, for air-gapped teams and for
/// tests. It speaks the protocol of <c>huggingface_hub</c> and <c>@huggingface/hub</c>: the repo API, LFS uploads
/// (basic and multipart, never Xet), NDJSON commits and <c>resolve</c> downloads with ranges.
/// </summary>
public sealed partial class HubServer : IAsyncDisposable
{
    readonly HubServerOptions _options;
    readonly HttpListener _listener;
    readonly RepoStore _store;
    readonly HubUsers _users;
    readonly FileStream _rootLock;
    readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    readonly CancellationTokenSource _stopping = new();
    readonly Task _loop;
    int _inFlight;
    readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The address clients use, e.g. <c>http://127.0.0.1:8080</c> (no trailing slash).</summary>
    public Uri Url { get; }

    HubServer(HubServerOptions options, HttpListener listener, Uri url, RepoStore store, HubUsers users, FileStream rootLock)
    {
        _options = options;
        _listener = listener;
        Url = url;
        _store = store;
        _users = users;
        _rootLock = rootLock;
        _loop = Task.Run(AcceptLoop);
    }

    /// <summary>Opens the store under <see cref="HubServerOptions.Root"/> and starts listening.</summary>
    public static HubServer Start(HubServerOptions options)
    {
        var users = new HubUsers(options.Tokens, options.Organizations);
        Directory.CreateDirectory(options.Root);
        FileStream rootLock;
        try
        {
            rootLock = new FileStream(Path.Combine(options.Root, ".hub-serve.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new InvalidOperationException($"another `hf-train hub serve` is serving {options.Root}: one server per folder.");
        }
        try
        {
            var store = new RepoStore(options.Root);
            var (listener, url) = Listen(options.Host, options.Port);
            return new HubServer(options, listener, url, store, users, rootLock);
        }
        catch
        {
            rootLock.Dispose();
            throw;
        }
    }

    static (HttpListener, Uri) Listen(string host, int port)
    {
        string shown = host is "0.0.0.0" or "*" or "+" or "::" ? "127.0.0.1" : host;
        for (int attempt = 0; ; attempt++)
        {
            int chosen = port != 0 ? port : FreePort(host);
            var listener = new HttpListener { IgnoreWriteExceptions = true };
            foreach (string prefixHost in PrefixHosts(host))
                listener.Prefixes.Add($"http://{prefixHost}:{chosen}/");
            try
            {
                listener.Start();
                string urlHost = shown.Contains(':', StringComparison.Ordinal) ? $"[{shown}]" : shown;
                return (listener, new Uri($"http://{urlHost}:{chosen}"));
            }
            catch (HttpListenerException) when (port == 0 && attempt < 20)
            {
                // the free port was taken between the probe and the bind: try another
                listener.Close();
            }
            catch (HttpListenerException e)
            {
                listener.Close();
                throw new InvalidOperationException($"cannot listen on {host}:{chosen}: {e.Message}", e);
            }
        }
    }

    static IEnumerable<string> PrefixHosts(string host) => host switch
    {
        "0.0.0.0" or "*" or "+" or "::" => ["+"],
        "127.0.0.1" or "localhost" => ["127.0.0.1", "localhost"],
        _ when IPAddress.TryParse(host, out IPAddress? ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 => [$"[{host.Trim('[', ']')}]"],
        _ => [host],
    };

    static int FreePort(string host)
    {
        IPAddress address = host is "127.0.0.1" or "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? ip) ? ip : IPAddress.Any;
        if (host is "0.0.0.0" or "*" or "+")
            address = IPAddress.Any;
        var probe = new TcpListener(address, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Stops accepting, waits (up to <paramref name="grace"/>) for the requests in flight, and closes.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (_stopping.IsCancellationRequested)
        {
            await _loop.ConfigureAwait(false);
            return;
        }
        _stopping.Cancel();
        try
        {
            _listener.Stop();
        }
        catch (ObjectDisposedException) { }
        await _loop.ConfigureAwait(false);
        if (Volatile.Read(ref _inFlight) > 0)
            await Task.WhenAny(_drained.Task, Task.Delay(grace ?? TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        _listener.Close();
        await _rootLock.DisposeAsync().ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => new(StopAsync(TimeSpan.FromSeconds(2)));

    async Task AcceptLoop()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _inFlight);
            _ = Task.Run(async () =>
            {
                try
                {
                    await HandleAsync(context).ConfigureAwait(false);
                }
                finally
                {
                    if (Interlocked.Decrement(ref _inFlight) == 0 && _stopping.IsCancellationRequested)
                        _drained.TrySetResult();
                }
            });
        }
    }

    async Task HandleAsync(HttpListenerContext context)
    {
        HttpListenerResponse response = context.Response;
        string method = context.Request.HttpMethod;
        string path = HubRequest.LogPath(context.Request.RawUrl);
        int status = 500;
        try
        {
            CheckHead(context.Request);
            var request = new HubRequest(context, _users);
            request.Authenticate();
            status = await RouteAsync(request).ConfigureAwait(false);
        }
        catch (Exception e) when (Map(e) is { } error)
        {
            status = error.Status;
            await TryWriteErrorAsync(context, error).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // the client went away
            status = 499;
        }
        catch (Exception e)
        {
            status = 500;
            _options.Log?.WriteLine($"error: {method} {path}: {e.GetType().Name}: {e.Message}");
            await TryWriteErrorAsync(context, new HubHttpException(500, "Internal server error.")).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception) { }
        }
        _options.Log?.WriteLine($"{method} {path} {status}");
    }

    void CheckHead(HttpListenerRequest request)
    {
        long size = request.RawUrl?.Length ?? 0;
        foreach (string? name in request.Headers.AllKeys)
            size += (name?.Length ?? 0) + 4 + (request.Headers.GetValues(name)?.Sum(v => v.Length) ?? 0);
        if (size > _options.MaxHeaderBytes)
            throw new HubHttpException(431, $"The request line and headers are larger than {_options.MaxHeaderBytes} bytes.");
    }

    static HubHttpException? Map(Exception e) => e switch
    {
        HubHttpException http => http,
        RevisionNotFoundException r => HubHttpException.RevisionNotFound(r.Message),
        EntryNotFoundException n => HubHttpException.EntryNotFound(n.Message),
        BadRequestException b => HubHttpException.BadRequest(b.Message),
        HubInputException h => HubHttpException.BadRequest(h.Message),
        System.Text.Json.JsonException j => HubHttpException.BadRequest($"Invalid JSON: {j.Message}"),
        UriFormatException => HubHttpException.BadRequest("The URL is not valid."),
        FormatException f => HubHttpException.BadRequest(f.Message),
        _ => null,
    };

    static async Task TryWriteErrorAsync(HttpListenerContext context, HubHttpException error)
    {
        bool head = context.Request.HttpMethod == "HEAD";
        try
        {
            HttpListenerResponse response = context.Response;
            response.StatusCode = error.Status;
            if (error.Code is not null)
                response.Headers[HubHeaders.ErrorCode] = error.Code;
            response.Headers[HubHeaders.ErrorMessage] = HeaderSafe(error.Message);
            if (error.Status == 401)
                response.Headers["WWW-Authenticate"] = "Bearer realm=\"hf-train hub\"";
            byte[] body = Encoding.UTF8.GetBytes(new JsonObject { ["error"] = error.Message }.ToJsonString());
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength64 = head ? 0 : body.Length;
            if (!head)
                await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        }
        catch (Exception) { }
    }

    /// <summary>An ASCII header value: control characters and non-ASCII replaced.</summary>
    static string HeaderSafe(string text)
    {
        var safe = new StringBuilder(Math.Min(text.Length, 1000));
        foreach (char c in text.Length > 1000 ? text[..1000] : text)
            safe.Append(c is >= ' ' and <= '~' ? c : '?');
        return safe.ToString();
    }
}
