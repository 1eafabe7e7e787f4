using HfTrain.Host.Hub;
using HfTrain.Hub.Client;

namespace HfTrain.Host.Commands;

/// <summary>
/// What the Hub commands (login, logout, whoami, download, upload) share: the settings (the HF_* environment, or
/// a fixed set in tests) and where progress goes (standard error; a carriage-return bar only on a terminal).
/// </summary>
internal sealed class HubEnvironment(Func<HubSettings> settings, TextWriter? progress, bool interactive)
{
    public HubEnvironment()
        : this(() => HubScope.Current, Console.Error, !Console.IsErrorRedirected
               && Environment.GetEnvironmentVariable("TERM") is not ("dumb" or "" or null))
    {
    }

    public HubSettings Settings => settings();

    public HubHttp Http(string? token = null) => new(Settings, token);

    public FileDownloader Downloader(HubHttp http) => new(http, progress, interactive);

    public TextWriter? Progress => progress;

    /// <summary>Where <c>login</c> reads a token not given with --token; null: the console (not echoed on a terminal).</summary>
    public TextReader? Input { get; init; }
}
