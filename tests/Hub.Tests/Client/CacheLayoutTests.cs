using HfTrain.Hub.Client;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Tests.Client;

public sealed class CacheLayoutTests
{
    const string Commit = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public void Paths_are_huggingface_hubs()
    {
        var model = new CacheLayout("/c", RepoId.Parse("org/name"));
        Assert.Equal("/c/models--org--name", model.Folder);
        Assert.Equal("/c/models--org--name/blobs/abc", model.Blob("abc"));
        Assert.Equal($"/c/models--org--name/snapshots/{Commit}/sub/file.json", model.Pointer(Commit, "sub/file.json"));
        Assert.Equal("/c/models--org--name/refs/main", model.Ref("main"));
        Assert.Equal($"/c/models--org--name/.no_exist/{Commit}/x.bin", model.NoExist(Commit, "x.bin"));
        Assert.Equal("/c/.locks/models--org--name/abc.lock", model.Lock("abc"));
        Assert.Equal("/c/datasets--org--data", new CacheLayout("/c", RepoId.Parse("org/data", RepoType.Dataset)).Folder);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\b")]
    [InlineData("a/../../b")]
    [InlineData("nul\0")]
    public void A_path_that_could_leave_the_snapshot_is_refused(string path)
    {
        var layout = new CacheLayout("/c", RepoId.Parse("org/name"));
        Assert.Throws<InvalidRepoPathException>(() => layout.Pointer(Commit, path));
    }

    [Fact]
    public void Link_is_a_relative_symlink_to_the_blob_and_refs_name_the_commit()
    {
        using var dir = new TempFolder();
        var layout = new CacheLayout(dir.Path, RepoId.Parse("org/name"));
        Directory.CreateDirectory(Path.GetDirectoryName(layout.Blob("e1"))!);
        File.WriteAllText(layout.Blob("e1"), "content");
        layout.Link(Commit, "a/b.txt", "e1");
        layout.WriteRef("main", Commit);

        var pointer = new FileInfo(layout.Pointer(Commit, "a/b.txt"));
        Assert.Equal("../../../blobs/e1", pointer.LinkTarget);
        Assert.Equal("content", File.ReadAllText(pointer.FullName));
        Assert.Equal(Commit, File.ReadAllText(layout.Ref("main")));
        Assert.Equal(Commit, layout.CommitOf("main"));
        Assert.Equal(Commit, layout.CommitOf(Commit));
        Assert.Null(layout.CommitOf("other"));
    }

    [Fact]
    public async Task The_lock_file_is_exclusive_while_held()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, ".locks", "models--a--b", "e.lock");
        using (await CacheFileLock.AcquireAsync(path, TimeSpan.FromSeconds(5)))
        {
            var error = await Assert.ThrowsAsync<HubClientException>(() => CacheFileLock.AcquireAsync(path, TimeSpan.Zero));
            Assert.Contains(path, error.Message);
        }
        using var again = await CacheFileLock.AcquireAsync(path, TimeSpan.Zero);
    }
}
