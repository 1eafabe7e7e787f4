using System.Net.Http.Headers;

namespace HfTrain.Hub.Client;

/// <summary>
/// The HTTP side of the client: <c>authorization: Bearer</c> from the settings, redirects followed by hand so the
/// token never reaches another host (a redirect to another scheme, host or port drops it, as <c>requests</c> does),
/// and failures turned into <see cref="HubClientException"/>. HEAD follows only relative redirects, as
/// huggingface_hub's <c>_request_wrapper(follow_relative_redirects=True)</c>: an absolute one (to a CDN) is the
/// answer whose <c>X-Linked-*</c> headers describe the file.
/// </summary>
/// <summary>How long a request may wait for the server, and the variable that sets it (named in the error).</summary>
public sealed record HubTimeout(TimeSpan After, string Variable);

public sealed class HubHttp : IDisposable
{
    const int MaxRedirects = 10;
    readonly HttpClient _client;

    public HubHttp(HubSettings settings, string? token = null)
    {
        Settings = settings;
        Token = token ?? settings.Token;
        _client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        })
        { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd($"hf-train/{typeof(HubHttp).Assembly.GetName().Version?.ToString(3)}");
    }

    public HubSettings Settings { get; }

    /// <summary>The token sent to <see cref="HubSettings.Endpoint"/>'s host; null for anonymous requests.</summary>
    public string? Token { get; }

    public Uri Api(string relative) => new(Settings.Endpoint + relative);

    /// <summary>The wait allowed to metadata requests (<c>HF_HUB_ETAG_TIMEOUT</c>).</summary>
    public HubTimeout Metadata => new(Settings.EtagTimeout, HubSettings.EtagTimeoutVariable);

    /// <summary>The wait allowed to a file body, for its answer and for each next piece (<c>HF_HUB_DOWNLOAD_TIMEOUT</c>).</summary>
    public HubTimeout Download => new(Settings.DownloadTimeout, HubSettings.DownloadTimeoutVariable);

    /// <summary>Sends a request made by <paramref name="make"/> for each hop. <paramref name="followAbsolute"/>: also
    /// follow redirects to other hosts (GET of a file body); otherwise the redirect answer is returned.
    /// <paramref name="timeout"/>: how long each hop may wait for its answer (with <see cref="HttpCompletionOption.ResponseContentRead"/>,
    /// for the whole body); none waits without limit, as uploads and commits must.</summary>
    public async Task<HttpResponseMessage> SendAsync(Uri uri, Func<Uri, HttpRequestMessage> make, bool followAbsolute,
        string what, CancellationToken cancel = default, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead,
        HubTimeout? timeout = null)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var endpoint = new Uri(Settings.Endpoint);
        bool left = false;   // once a redirect leaves the endpoint's host, no later hop carries the token
        for (int hop = 0; ; hop++)
        {
            HttpRequestMessage request = make(uri);
            left |= !SameAuthority(uri, endpoint);
            if (Token is not null && !left)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            HttpResponseMessage response;
            if (timeout is not null)
                limit.CancelAfter(timeout.After);
            try
            {
                response = await _client.SendAsync(request, completion, limit.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw HubErrors.Unreachable(Settings.Endpoint, what, e);
            }
            catch (OperationCanceledException) when (timeout is not null && !cancel.IsCancellationRequested)
            {
                throw HubErrors.TimedOut(Settings.Endpoint, what, timeout);
            }
            limit.CancelAfter(Timeout.InfiniteTimeSpan);
            int status = (int)response.StatusCode;
            if (status is < 300 or >= 400 || response.Headers.Location is not { } location || hop >= MaxRedirects)
                return response;
            bool relative = !location.IsAbsoluteUri;
            if (!relative && !followAbsolute)
                return response;
            response.Dispose();
            uri = relative ? new Uri(uri, location) : location;
        }
    }

    /// <summary>Sends and checks the status; a failure becomes a <see cref="HubClientException"/> about <paramref name="what"/>.</summary>
    public async Task<HttpResponseMessage> SendCheckedAsync(Uri uri, Func<Uri, HttpRequestMessage> make, string what,
        CancellationToken cancel = default, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, HubTimeout? timeout = null)
    {
        var response = await SendAsync(uri, make, followAbsolute: true, what, cancel, completion, timeout).ConfigureAwait(false);
        if (HubErrors.IsSuccess(response.StatusCode))
            return response;
        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
            throw HubErrors.From(response, what, body);
        }
    }

    /// <summary>A small JSON answer (whoami, revision info), within <see cref="Metadata"/>'s wait.</summary>
    public async Task<string> GetStringAsync(Uri uri, string what, CancellationToken cancel = default)
    {
        using var response = await SendCheckedAsync(uri, u => new HttpRequestMessage(HttpMethod.Get, u), what, cancel, timeout: Metadata).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>Scheme, host and port equal: the token may go there.</summary>
    public static bool SameAuthority(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    public void Dispose() => _client.Dispose();
}
