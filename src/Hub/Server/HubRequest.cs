using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace HfTrain.Hub.Server;

/// <summary>One request: its path segments (each percent-decoded once), its query, its user, and the answer helpers.</summary>
internal sealed class HubRequest
{
    readonly HubUsers _users;

    public HttpListenerContext Context { get; }
    public HttpListenerRequest Request => Context.Request;
    public HttpListenerResponse Response => Context.Response;
    public string Method => Request.HttpMethod;
    public bool IsHead => Method == "HEAD";
    /// <summary>The path segments, each decoded: <c>refs%2Fconvert%2Fparquet</c> is one segment <c>refs/convert/parquet</c>.</summary>
    public IReadOnlyList<string> Segments { get; }
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; }
    public HubUser? User { get; private set; }
    /// <summary>The address the client used, e.g. <c>http://127.0.0.1:8080</c>: links in answers point there.</summary>
    public string BaseUrl { get; }

    public HubRequest(HttpListenerContext context, HubUsers users)
    {
        Context = context;
        _users = users;
        string raw = context.Request.RawUrl ?? "/";
        if (raw.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            raw = new Uri(raw).PathAndQuery;   // an absolute-form request target
        int q = raw.IndexOf('?', StringComparison.Ordinal);
        string path = q < 0 ? raw : raw[..q];
        Segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Decode).ToList();
        Query = q < 0 ? [] : ParseQuery(raw[(q + 1)..]);
        Uri url = context.Request.Url ?? new Uri("http://127.0.0.1/");
        BaseUrl = url.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>The path without the query (which may hold a signature), printable and cut, for the log.</summary>
    public static string LogPath(string? rawUrl)
    {
        string raw = rawUrl ?? "/";
        int q = raw.IndexOf('?', StringComparison.Ordinal);
        return string.Concat((q < 0 ? raw : raw[..q]).Take(300).Select(c => c is >= ' ' and <= '~' ? c : '?'));
    }

    static string Decode(string segment)
    {
        try
        {
            return Uri.UnescapeDataString(segment);
        }
        catch (UriFormatException)
        {
            throw HubHttpException.BadRequest("The URL is not validly percent-encoded.");
        }
    }

    public static List<KeyValuePair<string, string>> ParseQuery(string query) =>
        query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string key = eq < 0 ? pair : pair[..eq];
            string value = eq < 0 ? "" : pair[(eq + 1)..];
            return new KeyValuePair<string, string>(Decode(key.Replace('+', ' ')), Decode(value.Replace('+', ' ')));
        }).ToList();

    public string? QueryValue(string name) => Query.LastOrDefault(p => p.Key == name).Value;

    public bool QueryFlag(string name) =>
        QueryValue(name) is { } value && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");

    /// <summary>Reads the Bearer token, if any: an unknown one is refused (401) whatever the endpoint, as the Hub.</summary>
    public void Authenticate()
    {
        string? header = Request.Headers["Authorization"];
        if (string.IsNullOrEmpty(header))
            return;
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
            throw HubHttpException.Unauthorized("Invalid credentials in Authorization header");
        string token = header[bearer.Length..].Trim();
        if (token.Length == 0)
            return;
        User = _users.Find(token) ?? throw HubHttpException.Unauthorized("Invalid credentials in Authorization header");
    }

    public HubUser RequireUser() =>
        User ?? throw HubHttpException.Unauthorized("You must be authenticated: send a token (Authorization: Bearer ...) of a user started with `hub serve --token NAME=TOKEN`.");

    /// <summary>The whole body, refused with 413 past <paramref name="limit"/> bytes.</summary>
    public async Task<byte[]> ReadBodyAsync(long limit)
    {
        long declared = Request.ContentLength64;
        if (declared > limit)
            throw HubHttpException.TooLarge($"The request body ({declared} bytes) is larger than the {limit} bytes allowed here.");
        if (!Request.HasEntityBody)
            return [];
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        Stream input = Request.InputStream;
        int read;
        while ((read = await input.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
                throw HubHttpException.TooLarge($"The request body is larger than the {limit} bytes allowed here.");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public async Task<JsonNode?> ReadJsonAsync(long limit)
    {
        byte[] body = await ReadBodyAsync(limit).ConfigureAwait(false);
        if (body.Length == 0)
            return null;
        return JsonNode.Parse(body);
    }

    public async Task<int> WriteJsonAsync(JsonNode? json, int status = 200, string contentType = "application/json; charset=utf-8")
    {
        byte[] body = Encoding.UTF8.GetBytes(json?.ToJsonString() ?? "null");
        Response.StatusCode = status;
        Response.ContentType = contentType;
        Response.ContentLength64 = body.Length;
        if (!IsHead)
            await Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        return status;
    }

    public async Task<int> WriteTextAsync(string text, int status = 200, string contentType = "text/plain; charset=utf-8")
    {
        byte[] body = Encoding.UTF8.GetBytes(text);
        Response.StatusCode = status;
        Response.ContentType = contentType;
        Response.ContentLength64 = body.Length;
        if (!IsHead)
            await Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        return status;
    }

    public int Empty(int status = 200)
    {
        Response.StatusCode = status;
        Response.ContentLength64 = 0;
        return status;
    }

    public int Redirect(string location, int status = 302)
    {
        Response.StatusCode = status;
        Response.Headers["Location"] = location;
        Response.ContentLength64 = 0;
        return status;
    }
}
