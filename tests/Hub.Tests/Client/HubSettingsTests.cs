using HfTrain.Hub.Client;

namespace HfTrain.Hub.Tests.Client;

public sealed class HubSettingsTests
{
    static HubSettings From(params (string Key, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Key, v => v.Value);
        return HubSettings.FromEnvironment(k => map.GetValueOrDefault(k));
    }

    [Fact]
    public void Defaults_follow_huggingface_hub_constants()
    {
        var settings = From(("HOME", "/h/u"));
        Assert.Equal("/h/u/.cache/huggingface", settings.Home);
        Assert.Equal("/h/u/.cache/huggingface/hub", settings.Cache);
        Assert.Equal("/h/u/.cache/huggingface/token", settings.TokenPath);
        Assert.Equal("https://huggingface.co", settings.Endpoint);
        Assert.False(settings.Offline);
        Assert.True(settings.ProgressBars);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.EtagTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.DownloadTimeout);
    }

    [Fact]
    public void Timeouts_are_seconds_and_a_bad_one_names_its_variable()
    {
        var settings = From(("HOME", "/h/u"), ("HF_HUB_ETAG_TIMEOUT", "2.5"), ("HF_HUB_DOWNLOAD_TIMEOUT", " 60 "));
        Assert.Equal(TimeSpan.FromSeconds(2.5), settings.EtagTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.DownloadTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), From(("HOME", "/h/u"), ("HF_HUB_ETAG_TIMEOUT", "")).EtagTimeout);
        foreach (string bad in new[] { "ten", "0", "-3", "1e9" })
        {
            var error = Assert.Throws<HubClientException>(() => From(("HOME", "/h/u"), ("HF_HUB_DOWNLOAD_TIMEOUT", bad)));
            Assert.Equal(HubErrorKind.InvalidSetting, error.Kind);
            Assert.Contains($"HF_HUB_DOWNLOAD_TIMEOUT={bad} is not a number of seconds", error.Message);
        }
    }

    [Fact]
    public void HF_variables_override_each_default()
    {
        var settings = From(("HOME", "/h/u"), ("HF_HOME", "/hf"), ("HF_HUB_CACHE", "/cache"), ("HF_ENDPOINT", "http://127.0.0.1:9/"),
            ("HF_TOKEN_PATH", "/secrets/t"), ("HF_HUB_OFFLINE", "1"), ("HF_HUB_DISABLE_PROGRESS_BARS", "true"));
        Assert.Equal("/hf", settings.Home);
        Assert.Equal("/cache", settings.Cache);
        Assert.Equal("http://127.0.0.1:9", settings.Endpoint);
        Assert.Equal("/secrets/t", settings.TokenPath);
        Assert.Equal("/hf/stored_tokens", settings.StoredTokensPath);
        Assert.True(settings.Offline);
        Assert.False(settings.ProgressBars);
    }

    [Fact]
    public void HF_HOME_alone_moves_the_cache_and_the_token()
    {
        var settings = From(("HF_HOME", "/hf"), ("XDG_CACHE_HOME", "/xdg"));
        Assert.Equal("/hf/hub", settings.Cache);
        Assert.Equal("/hf/token", settings.TokenPath);
        Assert.Equal("/xdg/huggingface", From(("XDG_CACHE_HOME", "/xdg")).Home);
    }

    [Fact]
    public void An_empty_HF_TOKEN_counts_as_unset_and_the_token_file_is_read()
    {
        using var dir = new TempFolder();
        File.WriteAllText(Path.Combine(dir.Path, "token"), "hf_fromfile\n");
        Assert.Equal("hf_fromfile", From(("HF_HOME", dir.Path), ("HF_TOKEN", "")).Token);
        Assert.Equal("hf_env", From(("HF_HOME", dir.Path), ("HF_TOKEN", "hf_env")).Token);
        Assert.Null(From(("HF_HOME", Path.Combine(dir.Path, "none")), ("HF_TOKEN", "")).Token);
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("false", false)]
    [InlineData("", false)]
    [InlineData("ON", true)]
    [InlineData("yes", true)]
    public void Offline_reads_huggingface_hubs_true_values(string value, bool offline) =>
        Assert.Equal(offline, From(("HF_HUB_OFFLINE", value)).Offline);
}

/// <summary>A temporary folder deleted after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("hf-train-hub-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
