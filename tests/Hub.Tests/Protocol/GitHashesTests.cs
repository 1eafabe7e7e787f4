using System.Text;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Tests.Protocol;

public class GitHashesTests
{
    [Fact]
    public void Blob_sha1_is_gits()
    {
        // `printf 'hello\n' | git hash-object --stdin`
        Assert.Equal("ce013625030ba8dba906f756967f9e9ca394464a", GitHashes.BlobSha1(Encoding.ASCII.GetBytes("hello\n")));
        // the empty blob
        Assert.Equal("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391", GitHashes.BlobSha1([]));
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes("hello\n"));
        Assert.Equal("ce013625030ba8dba906f756967f9e9ca394464a", GitHashes.BlobSha1(stream, 6));
    }

    [Fact]
    public void Sha256_is_lowercase_hex()
    {
        string expected = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
        Assert.Equal(expected, GitHashes.Sha256(Encoding.ASCII.GetBytes("hello\n")));
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes("hello\n"));
        Assert.Equal(expected, GitHashes.Sha256(stream));
        Assert.True(GitHashes.IsSha256(expected));
        Assert.False(GitHashes.IsSha256(expected.ToUpperInvariant()));
    }

    [Fact]
    public void Header_names_are_the_Hubs()
    {
        Assert.Equal("X-Repo-Commit", HubHeaders.RepoCommit);
        Assert.Equal("X-Linked-Etag", HubHeaders.LinkedEtag);
        Assert.Equal("X-Linked-Size", HubHeaders.LinkedSize);
        Assert.Equal("X-Error-Code", HubHeaders.ErrorCode);
        Assert.Equal("EntryNotFound", HubErrorCodes.EntryNotFound);
    }
}
