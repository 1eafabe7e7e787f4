using HfTrain.Hub.Protocol;

namespace HfTrain.Host.Tests.Hub;

/// <summary><c>login</c>, <c>whoami</c>, <c>logout</c>, <c>upload</c> and <c>download</c> against a real <c>hub serve</c>.</summary>
public sealed class HubCommandTests
{
    [Fact]
    public async Task Login_checks_the_token_saves_it_private_and_whoami_reads_it()
    {
        await using var hub = new HubHost();
        var noEnvToken = hub.Settings(token: null);
        var (code, output, error) = HubHost.Run(noEnvToken, "login", "--token", HubHost.AliceToken);
        Assert.True(code == 0, output + error);
        Assert.DoesNotContain(HubHost.AliceToken, output + error);
        Assert.Equal(HubHost.AliceToken, File.ReadAllText(noEnvToken.TokenPath));
        Assert.Contains($"hf_token = {HubHost.AliceToken}", File.ReadAllText(noEnvToken.StoredTokensPath));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(noEnvToken.TokenPath));

        var (whoCode, who, _) = HubHost.Run(noEnvToken, "whoami");
        Assert.Equal(0, whoCode);
        Assert.Equal("alice", who.Split('\n')[0].Trim());
        Assert.Contains($"token: {HubHost.AliceToken[..4]}***", who);
        Assert.DoesNotContain(HubHost.AliceToken, who);

        var (outCode, loggedOut, _) = HubHost.Run(noEnvToken, "logout");
        Assert.Equal(0, outCode);
        Assert.Contains("logged out", loggedOut);
        Assert.False(File.Exists(noEnvToken.TokenPath));
        var (afterCode, _, afterError) = HubHost.Run(noEnvToken, "whoami");
        Assert.NotEqual(0, afterCode);
        Assert.Contains("hf-train login", afterError);
    }

    [Fact]
    public async Task Login_reads_the_token_from_input_when_not_given()
    {
        await using var hub = new HubHost();
        var settings = hub.Settings(token: null);
        var (code, output, error) = HubHost.Run(settings, new StringReader(HubHost.AliceToken + "\n"), "login");
        Assert.True(code == 0, output + error);
        Assert.Equal(HubHost.AliceToken, File.ReadAllText(settings.TokenPath));
        Assert.DoesNotContain(HubHost.AliceToken, output + error);

        var (empty, _, refused) = HubHost.Run(settings, new StringReader("\n"), "login");
        Assert.Equal(1, empty);
        Assert.Contains("--token", refused);
    }

    [Fact]
    public async Task A_wrong_token_is_refused_with_nothing_written()
    {
        await using var hub = new HubHost();
        var settings = hub.Settings(token: null);
        var (code, output, error) = HubHost.Run(settings, "login", "--token", "hf_wrong_token_value");
        Assert.NotEqual(0, code);
        Assert.Contains("refused the token", error);
        Assert.DoesNotContain("hf_wrong_token_value", output + error);
        Assert.False(File.Exists(settings.TokenPath));
        Assert.False(File.Exists(settings.StoredTokensPath));
        Assert.DoesNotContain("Traceback", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task Upload_a_folder_then_download_prints_the_snapshot()
    {
        await using var hub = new HubHost();
        string folder = hub.Folder(new Dictionary<string, string> { ["config.json"] = "{}", ["sub/a.txt"] = "a" });
        var (code, output, error) = hub.Run("upload", "alice/model", folder);
        Assert.True(code == 0, output + error);
        Assert.Contains("/alice/model/tree/", output);

        var (downCode, snapshot, downError) = hub.Run("download", "alice/model");
        Assert.True(downCode == 0, downError);
        snapshot = snapshot.Trim();
        Assert.Matches("models--alice--model/snapshots/[0-9a-f]{40}$", snapshot);
        Assert.Equal("a", File.ReadAllText(Path.Combine(snapshot, "sub", "a.txt")));

        var (fileCode, file, _) = hub.Run("download", "alice/model", "config.json");
        Assert.Equal(0, fileCode);
        Assert.Equal(Path.Combine(snapshot, "config.json"), file.Trim());
    }

    [Fact]
    public async Task Upload_a_dataset_file_to_a_path_in_the_repo()
    {
        await using var hub = new HubHost();
        string file = Path.Combine(hub.Path, "train.jsonl");
        File.WriteAllText(file, "{\"text\": \"a\", \"summary\": \"b\"}\n");
        var (code, output, error) = hub.Run("upload", "org/data", file, "data/train.jsonl", "--repo-type", "dataset", "--private");
        Assert.True(code == 0, output + error);
        Assert.Contains("data/train.jsonl", hub.Files(RepoId.Parse("org/data", RepoType.Dataset)));

        var (anonymous, _, refused) = HubHost.Run(hub.Settings(token: null), "download", "org/data", "--repo-type", "dataset");
        Assert.NotEqual(0, anonymous);
        Assert.Contains("token", refused);
    }

    [Fact]
    public async Task A_repo_path_that_leaves_the_repo_is_refused()
    {
        await using var hub = new HubHost();
        var (code, _, error) = hub.Run("download", "alice/model", "../../etc/passwd");
        Assert.NotEqual(0, code);
        Assert.Contains("'..' segment", error);

        string file = Path.Combine(hub.Path, "x.txt");
        File.WriteAllText(file, "x");
        var (up, _, upError) = hub.Run("upload", "alice/model", file, "../outside.txt");
        Assert.NotEqual(0, up);
        Assert.Contains("'..' segment", upError);
        Assert.DoesNotContain("   at ", upError);
    }
}
