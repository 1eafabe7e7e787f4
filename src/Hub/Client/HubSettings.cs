namespace HfTrain.Hub.Client;

/// <summary>
/// The environment huggingface_hub reads (<c>constants.py</c>): <c>HF_HOME</c> (default
/// <c>$XDG_CACHE_HOME/huggingface</c>, else <c>~/.cache/huggingface</c>), <c>HF_HUB_CACHE</c> (default
/// <c>$HF_HOME/hub</c>), <c>HF_ENDPOINT</c>, <c>HF_TOKEN</c> (empty counts as unset), <c>HF_TOKEN_PATH</c> (default
/// <c>$HF_HOME/token</c>), <c>HF_HUB_OFFLINE</c> and <c>HF_HUB_DISABLE_PROGRESS_BARS</c>.
/// </summary>
public sealed record HubSettings(
    string Home, string Cache, string Endpoint, string TokenPath, string? EnvironmentToken, bool Offline, bool ProgressBars)
{
    public const string DefaultEndpoint = "https://huggingface.co";

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
        return new HubSettings(home, cache, endpoint, tokenPath, token, offline, bars);
    }

    /// <summary>The folder of <c>stored_tokens</c> (<c>$HF_HOME/stored_tokens</c>), as <c>hf auth login</c> writes it.</summary>
    public string StoredTokensPath => Path.Combine(Home, "stored_tokens");

    /// <summary>The token requests carry: <c>HF_TOKEN</c>, else the token file; null when neither is set.</summary>
    public string? Token => EnvironmentToken ?? TokenStore.ReadActive(TokenPath);

    /// <summary>huggingface_hub's <c>_is_true</c>: "1", "ON", "YES", "TRUE" in any case.</summary>
    static bool IsTrue(string? value) => value?.Trim().ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";

    static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary><c>os.path.expanduser</c>: a leading <c>~</c> is the home folder.</summary>
    static string Expand(string path, Func<string, string?> env) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? (NonEmpty(env("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)) + path[1..]
            : path;
}
