using HfTrain.Hub.Client;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Tests.Client;

public sealed class HubUrlsTests
{
    [Fact]
    public void Urls_are_built_as_huggingface_hub_builds_them()
    {
        var model = RepoId.Parse("org/name");
        var data = RepoId.Parse("org/data", RepoType.Dataset);
        Assert.Equal("http://h/org/name/resolve/main/sub/a%20b.json", HubUrls.Resolve("http://h", model, "main", "sub/a b.json").AbsoluteUri);
        Assert.Equal("http://h/datasets/org/data/resolve/refs%2Fconvert%2Fparquet/default/train/0000.parquet",
            HubUrls.Resolve("http://h", data, Revision.ConvertParquet, "default/train/0000.parquet").AbsoluteUri);
        Assert.Equal("http://h/api/datasets/org/data/revision/main", HubUrls.RevisionInfo("http://h", data, "main").AbsoluteUri);
        Assert.Equal("http://h/api/models/org/name/tree/main?recursive=true", HubUrls.Tree("http://h", model, "main").AbsoluteUri);
        Assert.Equal("http://h/datasets/org/data.git/info/lfs/objects/batch", HubUrls.LfsBatch("http://h", data).AbsoluteUri);
        Assert.Equal("http://h/api/models/org/name/preupload/main", HubUrls.Preupload("http://h", model, "main").AbsoluteUri);
        Assert.Equal("http://h/api/models/org/name/commit/main", HubUrls.Commit("http://h", model, "main").AbsoluteUri);
    }

    [Fact]
    public void A_file_url_refuses_traversal()
    {
        Assert.Throws<InvalidRepoPathException>(() => HubUrls.Resolve("http://h", RepoId.Parse("a/b"), "main", "../x"));
    }

    [Theory]
    [InlineData("\"abc\"", "abc")]
    [InlineData("W/\"abc\"", "abc")]
    [InlineData("abc", "abc")]
    public void Etags_are_normalized(string header, string etag) => Assert.Equal(etag, FileMetadata.NormalizeEtag(header));

    [Theory]
    [InlineData("../../x", false)]
    [InlineData(".hidden", false)]
    [InlineData("a/b", false)]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", true)]
    public void Only_safe_etags_name_a_blob(string etag, bool safe) => Assert.Equal(safe, FileMetadata.IsSafeEtag(etag));

    [Fact]
    public void The_next_page_comes_from_the_Link_header()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Link", "<https://h/api/models/a/b/tree/main?cursor=xyz>; rel=\"next\"");
        Assert.Equal("https://h/api/models/a/b/tree/main?cursor=xyz", RepoListing.NextPage(response, new Uri("https://h/x"))!.AbsoluteUri);
        using var last = new HttpResponseMessage();
        Assert.Null(RepoListing.NextPage(last, new Uri("https://h/x")));
    }

    [Theory]
    [InlineData("*.json", "config.json", true)]
    [InlineData("*.json", "sub/config.json", true)]
    [InlineData("sub/", "sub/x.bin", true)]
    [InlineData("*.bin", "x.safetensors", false)]
    public void Allow_patterns_are_fnmatch(string pattern, string path, bool match) => Assert.Equal(match, Glob.Matches(pattern, path));

    [Theory]
    [InlineData("data/train-*", "data/train-00000-of-00001.parquet", true)]
    [InlineData("data/*.csv", "data/sub/x.csv", false)]
    [InlineData("**/*.csv", "data/sub/x.csv", true)]
    [InlineData("data/train.jsonl", "data/train.jsonl", true)]
    public void Data_file_patterns_keep_a_single_star_in_one_folder(string pattern, string path, bool match) =>
        Assert.Equal(match, Glob.MatchesDataFile(pattern, path));
}
