using System.Text;
using HfTrain.Hub.Client;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Tests.Client;

/// <summary>Uploads through preupload, LFS (basic and multipart) and the NDJSON commit, against a real <c>hub serve</c>.</summary>
public sealed class UploadTests
{
    [Fact]
    public async Task A_dataset_with_an_lfs_file_round_trips()
    {
        await using var hub = new HubTestServer(lfsThreshold: 100);
        var data = RepoId.Parse("org/data", RepoType.Dataset);
        byte[] parquet = HubTestServer.Bytes(3000, seed: 7);
        await hub.PublishAsync(data, new Dictionary<string, byte[]> { ["data/train-00000-of-00001.parquet"] = parquet, ["README.md"] = "# data"u8.ToArray() });
        Assert.Contains("POST /datasets/org/data.git/info/lfs/objects/batch", hub.LogWhen(l => l.Contains("lfs/objects/batch", StringComparison.Ordinal)));

        using var http = new HubHttp(hub.Settings(home: "other"));
        string path = await new FileDownloader(http).DownloadAsync(data, "data/train-00000-of-00001.parquet");
        Assert.Equal(parquet, File.ReadAllBytes(path));
        Assert.Contains(Path.Combine("datasets--org--data", "snapshots"), path);
    }

    [Fact]
    public async Task A_multipart_upload_sends_each_part_and_completes()
    {
        await using var hub = new HubTestServer(lfsThreshold: 100, multipartThreshold: 1000, multipartChunk: 1024);
        var model = RepoId.Parse("alice/big");
        byte[] weights = HubTestServer.Bytes(4000, seed: 3);
        await hub.PublishAsync(model, new Dictionary<string, byte[]> { ["model.safetensors"] = weights });
        using var http = new HubHttp(hub.Settings(home: "other"));
        Assert.Equal(weights, File.ReadAllBytes(await new FileDownloader(http).DownloadAsync(model, "model.safetensors")));
        string log = hub.LogWhen(l => l.Split('\n').Count(x => x.StartsWith("PUT ", StringComparison.Ordinal)) >= 4);
        Assert.True(log.Split('\n').Count(l => l.StartsWith("PUT ", StringComparison.Ordinal)) >= 4, log);
    }

    [Fact]
    public async Task A_second_commit_updates_deletes_and_keeps_the_first_reachable()
    {
        await using var hub = new HubTestServer();
        var model = RepoId.Parse("alice/m");
        string first = await hub.PublishAsync(model, new Dictionary<string, byte[]> { ["a.txt"] = "one"u8.ToArray(), ["b.txt"] = "bee"u8.ToArray() });
        using var http = new HubHttp(hub.Settings());
        string local = Path.Combine(hub.Folder, "a2.txt");
        File.WriteAllText(local, "two");
        string second = await new CommitUploader(http).CommitAsync(model, [new AddFile("a.txt", local), new DeleteFile("b.txt")], "update");
        Assert.NotEqual(first, second);

        var info = await new RepoListing(http).RevisionAsync(model, "main");
        Assert.Equal(second, info.Commit);
        Assert.DoesNotContain("b.txt", info.Files);
        var downloader = new FileDownloader(http);
        Assert.Equal("two", File.ReadAllText(await downloader.DownloadAsync(model, "a.txt")));
        Assert.Equal("one", File.ReadAllText(await downloader.DownloadAsync(model, "a.txt", first)));
    }

    [Fact]
    public async Task Creating_an_existing_repo_is_fine()
    {
        await using var hub = new HubTestServer();
        using var http = new HubHttp(hub.Settings());
        Assert.True(await new HubAccount(http).CreateRepoAsync(RepoId.Parse("alice/again"), isPrivate: false));
        Assert.False(await new HubAccount(http).CreateRepoAsync(RepoId.Parse("alice/again"), isPrivate: false));
    }

    [Fact]
    public async Task A_wrong_token_and_a_foreign_namespace_are_refused_with_what_to_do()
    {
        await using var hub = new HubTestServer();
        using (var wrong = new HubHttp(hub.Settings(token: "hf_wrong")))
        {
            var error = await Assert.ThrowsAsync<HubClientException>(() => new HubAccount(wrong).WhoAmIAsync());
            Assert.Equal(HubErrorKind.Unauthorized, error.Kind);
            Assert.Contains("hf-train login", error.Message);
            Assert.DoesNotContain("hf_wrong", error.Message);
        }
        using var bob = new HubHttp(hub.Settings(token: HubTestServer.BobToken));
        var me = await new HubAccount(bob).WhoAmIAsync();
        Assert.Equal("bob", me.Name);
        var foreign = await Assert.ThrowsAsync<HubClientException>(() => new HubAccount(bob).CreateRepoAsync(RepoId.Parse("alice/x"), false));
        Assert.Contains(foreign.Kind, new[] { HubErrorKind.Forbidden, HubErrorKind.Unauthorized });
    }

    [Fact]
    public async Task A_private_repo_needs_its_owners_token_to_download()
    {
        await using var hub = new HubTestServer();
        var model = RepoId.Parse("alice/secret");
        using (var alice = new HubHttp(hub.Settings()))
        {
            await new HubAccount(alice).CreateRepoAsync(model, isPrivate: true);
            string local = Path.Combine(hub.Folder, "c.json");
            File.WriteAllText(local, "{}");
            await new CommitUploader(alice).CommitAsync(model, [new AddFile("config.json", local)], "add");
            Assert.True(File.Exists(await new FileDownloader(alice).DownloadAsync(model, "config.json")));
        }
        using var anonymous = new HubHttp(hub.Settings(token: null, home: "anon"));
        var error = await Assert.ThrowsAsync<HubClientException>(() => new FileDownloader(anonymous).DownloadAsync(model, "config.json"));
        Assert.Contains("token", error.Message);
    }
}
