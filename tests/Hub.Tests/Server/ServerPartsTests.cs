using HfTrain.Hub.Protocol;
using HfTrain.Hub.Server;

namespace HfTrain.Hub.Tests.Server;

public class ServerPartsTests
{
    [Theory]
    [InlineData("model.safetensors", true)]
    [InlineData("sub/dir/pytorch_model.bin", true)]
    [InlineData("spiece.model", true)]
    [InlineData("runs/events.out.tfevents.123", true)]
    [InlineData("saved_model/variables/x", true)]
    [InlineData("other/saved_model/x", false)]
    [InlineData("archive.tar.gz", true)]
    [InlineData("config.json", false)]
    [InlineData("README.md", false)]
    [InlineData("model.safetensors.index.json", false)]
    public void The_default_gitattributes_track_the_Hubs_binary_types(string path, bool lfs) =>
        Assert.Equal(lfs, new GitAttributes(GitAttributes.Default(RepoType.Model)).IsLfs(path));

    [Fact]
    public void Gitattributes_rules_match_as_git_and_the_last_one_wins()
    {
        var attributes = new GitAttributes("*.txt filter=lfs diff=lfs merge=lfs -text\nkeep.txt -filter\ndata/** filter=lfs\n/root.json filter=lfs\n# comment\n");
        Assert.True(attributes.IsLfs("a/b.txt"));
        Assert.False(attributes.IsLfs("keep.txt"));
        Assert.True(attributes.IsLfs("data/x/y.json"));
        Assert.True(attributes.IsLfs("root.json"));
        Assert.False(attributes.IsLfs("sub/root.json"));
        Assert.False(new GitAttributes(null).IsLfs("x.bin"));
    }

    [Fact]
    public void A_line_added_for_a_path_tracks_exactly_that_path()
    {
        string line = GitAttributes.LfsLine("dir with space/w*.dat");
        var attributes = new GitAttributes(line);
        Assert.True(attributes.IsLfs("dir with space/w*.dat"));
        Assert.False(attributes.IsLfs("dir with space/wx.dat"));
    }

    [Theory]
    [InlineData(new byte[] { 104, 105 }, false)]
    [InlineData(new byte[] { 104, 0, 105 }, true)]
    [InlineData(new byte[] { 0xff, 0xfe, 0x41 }, true)]
    [InlineData(new byte[] { 0x41, 0xc3 }, false)]   // "A" then the first byte of "é", cut by the 512-byte sample
    [InlineData(new byte[] { 0xc3, 0xa9 }, false)]   // "é"
    public void Samples_are_binary_as_git_sees_them(byte[] sample, bool binary) =>
        Assert.Equal(binary, HubServer.LooksBinary(sample));

    [Theory]
    [InlineData("bytes=0-9", 100, 0, 9)]
    [InlineData("bytes=90-", 100, 90, 99)]
    [InlineData("bytes=90-500", 100, 90, 99)]
    [InlineData("bytes=-10", 100, 90, 99)]
    [InlineData("bytes=-500", 100, 0, 99)]
    public void Ranges_parse_and_clamp(string header, long size, long start, long end) =>
        Assert.Equal((start, end), HubServer.ParseRange(header, size));

    [Theory]
    [InlineData("bytes=100-", 100)]
    [InlineData("bytes=5-1", 100)]
    [InlineData("bytes=0-1,5-6", 100)]
    [InlineData("items=0-1", 100)]
    [InlineData("bytes=x-1", 100)]
    public void Other_ranges_are_not_served_as_ranges(string header, long size) =>
        Assert.Null(HubServer.ParseRange(header, size));

    [Theory]
    [InlineData("main", null, "main", null)]
    [InlineData("refs/convert/parquet", "default/train/0.parquet", "refs/convert/parquet", "default/train/0.parquet")]
    [InlineData("abc", "a/b/c.txt", "abc", "a/b/c.txt")]
    public void Revision_and_path_split_as_the_clients_send_them(string first, string? rest, string revision, string? path)
    {
        var segments = new List<string>();
        segments.AddRange(first.Split('/'));
        if (rest is not null)
            segments.AddRange(rest.Split('/'));
        Assert.Equal((revision, path), HubServer.SplitRevision(segments, pathRequired: false));
        // percent-encoded as one segment (huggingface_hub): the same
        var encoded = new List<string> { first };
        if (rest is not null)
            encoded.AddRange(rest.Split('/'));
        Assert.Equal((revision, path), HubServer.SplitRevision(encoded, pathRequired: false));
    }

    [Theory]
    [InlineData("---\nlicense: mit\n---\n", true)]
    [InlineData("# no front matter\n", true)]
    [InlineData("---\nlicense: mit\n", false)]
    [InlineData("---\n\tlicense: mit\n---\n", false)]
    [InlineData("---\nlicense mit\n---\n", false)]
    [InlineData("---\n- a\n---\n", false)]
    [InlineData("---\ntags:\n- a\n- b\nmodel-index:\n  - name: x\n---\ntext", true)]
    public void Front_matter_is_checked_for_structure(string card, bool valid) =>
        Assert.Equal(valid, YamlFrontMatter.Check(card) is null);

    [Fact]
    public void Users_need_valid_names_and_tokens()
    {
        IReadOnlyDictionary<string, IReadOnlyList<string>> none = new Dictionary<string, IReadOnlyList<string>>();
        Assert.Throws<ArgumentException>(() => new HubUsers(new Dictionary<string, string> { ["a/b"] = "hf_token_12345" }, none));
        Assert.Throws<ArgumentException>(() => new HubUsers(new Dictionary<string, string> { ["alice"] = "short" }, none));
        Assert.Throws<ArgumentException>(() => new HubUsers(new Dictionary<string, string> { ["alice"] = "hf_same_token_1", ["bob"] = "hf_same_token_1" }, none));
        var users = new HubUsers(new Dictionary<string, string> { ["alice"] = "hf_token_12345" },
            new Dictionary<string, IReadOnlyList<string>> { ["team"] = ["alice"] });
        HubUser alice = users.Find("hf_token_12345")!;
        Assert.True(alice.Owns("alice") && alice.Owns("team") && alice.Owns("Team"));
        Assert.False(alice.Owns("bob"));
        Assert.Null(users.Find("hf_token_1234"));
    }
}
