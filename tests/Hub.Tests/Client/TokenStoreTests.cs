using HfTrain.Hub.Client;

namespace HfTrain.Hub.Tests.Client;

public sealed class TokenStoreTests
{
    [Fact]
    public void Save_writes_the_active_token_and_stored_tokens_private()
    {
        using var dir = new TempFolder();
        var settings = HubSettings.FromEnvironment(k => k == "HF_HOME" ? dir.Path : null);
        TokenStore.Save(settings, "first", "hf_one");
        TokenStore.Save(settings, "second", "hf_two");

        Assert.Equal("hf_two", File.ReadAllText(settings.TokenPath));
        Assert.Equal("[first]\nhf_token = hf_one\n\n[second]\nhf_token = hf_two\n\n", File.ReadAllText(settings.StoredTokensPath));
        Assert.Equal(new Dictionary<string, string> { ["first"] = "hf_one", ["second"] = "hf_two" }, TokenStore.ReadStored(settings.StoredTokensPath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(settings.TokenPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(settings.StoredTokensPath));
        }
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));

        Assert.True(TokenStore.Clear(settings));
        Assert.False(File.Exists(settings.TokenPath));
        Assert.False(TokenStore.Clear(settings));
    }

    [Fact]
    public void Stored_tokens_written_by_python_configparser_are_read()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "stored_tokens");
        File.WriteAllText(path, "[work]\nhf_token = hf_abc\n\n[home]\nhf_token=hf_def\n");
        var tokens = TokenStore.ReadStored(path);
        Assert.Equal("hf_abc", tokens["work"]);
        Assert.Equal("hf_def", tokens["home"]);
    }

    [Theory]
    [InlineData("hf_abcdefghijklmnop")]
    [InlineData("short")]
    public void Mask_never_shows_enough_of_the_token_to_use_it(string token)
    {
        string masked = TokenStore.Mask(token);
        Assert.DoesNotContain(token, masked);
        Assert.True(masked.Count(c => c != '*') <= 4);
    }
}
