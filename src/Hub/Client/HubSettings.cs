namespace HfTrain.Hub.Client;

/// <summary>
/// The environment huggingface_hub reads (<c>constants.py</c>): <c>HF_HOME</c> (default
/// <c>$XDG_CACHE_HOME/huggingface</c>, else <c>~/.cache/huggingface</c>), <c>HF_HUB_CACHE</c> (default
/// <c>$HF_HOME/hub</c>), <c>HF_ENDPOINT</c>, <c>HF_TOKEN</c> (empty counts as unset), <c>HF_TOKEN_PATH</c> (default
/// <c>$HF_HOME/token</c>), <c>HF_HUB_OFFLINE</c>, <c>HF_HUB_DISABLE_PROGRESS_BARS</c>, <c>HF_HUB_ETAG_TIMEOUT</c> and
/// <c>HF_HUB_DOWNLOAD_TIMEOUT</c> (seconds, 10 each by default).
/// </summary>
public sealed record HubSettings(
    string Home, string Cache, string Endpoint, string TokenPath, string? EnvironmentToken, bool Offline, bool ProgressBars)
{
    public const string DefaultEndpoint = "https://huggingface.co";
    public const string EtagTimeoutVariable = "HF_HUB_ETAG_TIMEOUT", DownloadTimeoutVariable = "HF_HUB_DOWNLOAD_TIMEOUT";
    static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary><c>HF_HUB_ETAG_TIMEOUT</c>: how long a metadata request (a file's HEAD, the revision info, a tree page,
    /// whoami) may wait for the server's answer; after it the request fails as unreachable and downloads use the cache.</summary>
    public TimeSpan EtagTimeout { get; init; } = DefaultTimeout;

    /// <summary><c>HF_HUB_DOWNLOAD_TIMEOUT</c>: how long a file download may wait for the answer, and then for each
    /// next piece of the body, before the attempt is given up and resumed with <c>Range</c>.</summary>
    public TimeSpan DownloadTimeout { get; init; } = DefaultTimeout;

    public static HubSettings FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    public static HubSettings FromEnvironment(Func<string, string?> env)
    {
        string home = NonEmpty(env("HF_HOME")) ?? Path.Combine(
            NonEmpty(env("XDG_CACHE_HOME")) ?? Path.Combine(
                NonEmpty(env("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
            "huggingface");
        home = Expand(home, env);
        string cache = Expand(NonEmpty(env("HF_HUB_CACHE")) ?? NonEmpty(env("HUGGINGFACE_HUB_CACHE")) ?? Path.Combine(home, "hub"), env);
        string endpoint = (NonEmpty(env("HF_ENDPOINT")) ?? DefaultEndpoint).TrimEnd('/');
        string tokenPath = Expand(NonEmpty(env("HF_TOKEN_PATH")) ?? Path.Combine(home, "token"), env);
        string? token = NonEmpty(env("HF_TOKEN")?.Trim()) ?? NonEmpty(env("HUGGING_FACE_HUB_TOKEN")?.Trim());
        bool offline = IsTrue(env("HF_HUB_OFFLINE")) || IsTrue(env("TRANSFORMERS_OFFLINE"));
        bool bars = !IsTrue(env("HF_HUB_DISABLE_PROGRESS_BARS"));
        return new HubSettings(home, cache, endpoint, tokenPath, token, offline, bars)
        {
            EtagTimeout = Seconds(env, EtagTimeoutVariable),
            DownloadTimeout = Seconds(env, DownloadTimeoutVariable),
        };
    }

    /// <summary>The folder of <c>stored_tokens</c> (<c>$HF_HOME/stored_tokens</c>), as <c>hf auth login</c> writes it.</summary>
    public string StoredTokensPath => Path.Combine(Home, "stored_tokens");

    /// <summary>The token requests carry: <c>HF_TOKEN</c>, else the token file; null when neither is set.</summary>
    public string? Token => EnvironmentToken ?? TokenStore.ReadActive(TokenPath);

    /// <summary>huggingface_hub's <c>_is_true</c>: "1", "ON", "YES", "TRUE" in any case.</summary>
    static bool IsTrue(string? value) => value?.Trim().ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";

    /// <summary>A timeout in seconds (an integer or a decimal, as huggingface_hub's <c>_as_int</c> and float
    /// arguments take); unset or empty is the default of 10.</summary>
    static TimeSpan Seconds(Func<string, string?> env, string name)
    {
        string? value = NonEmpty(env(name)?.Trim());
        if (value is null)
            return DefaultTimeout;
        return double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double seconds)
               && seconds > 0 && seconds <= TimeSpan.FromDays(1).TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new HubClientException(HubErrorKind.InvalidSetting,
                $"{name}={value} is not a number of seconds. Set it to a positive number up to 86400 (the default is 10), or unset it.");
    }

    static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary><c>os.path.expanduser</c>: a leading <c>~</c> is the home folder.</summary>
    static string Expand(string path, Func<string, string?> env) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? (NonEmpty(env("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)) + path[1..]
            : path;
}
