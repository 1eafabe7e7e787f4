using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Tests.Protocol;

public class RepoPathTests
{
    [Theory]
    [InlineData("config.json")]
    [InlineData("data/train-00000-of-00001.parquet")]
    [InlineData(".gitattributes")]
    [InlineData("a/.hidden/b..c")]
    [InlineData("dir with space/ü.txt")]
    public void Accepts_relative_paths(string path) => Assert.Equal(path, RepoPath.Validate(path));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("../x", "'..'")]
    [InlineData("a/../../x", "'..'")]
    [InlineData("a/..", "'..'")]
    [InlineData("./x", "'.'")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("C:/x", "drive")]
    [InlineData("a\\b", "backslash")]
    [InlineData("..\\x", "backslash")]
    [InlineData("a\0b", "NUL")]
    [InlineData("a\nb", "control")]
    [InlineData("a//b", "empty segment")]
    [InlineData("a/", "empty segment")]
    public void Refuses_paths_that_could_escape_the_repo(string path, string reason)
    {
        var error = Assert.Throws<InvalidRepoPathException>(() => RepoPath.Validate(path));
        Assert.Contains(reason, error.Message);
        Assert.False(RepoPath.IsValid(path));
        Assert.IsAssignableFrom<HubInputException>(error);
    }

    [Fact]
    public void Refuses_a_path_too_long() =>
        Assert.Throws<InvalidRepoPathException>(() => RepoPath.Validate(new string('a', RepoPath.MaxLength + 1)));

    [Fact]
    public void Message_shows_control_characters_escaped()
    {
        var error = Assert.Throws<InvalidRepoPathException>(() => RepoPath.Validate("a\0b"));
        Assert.Contains("a\\u0000b", error.Message);
        Assert.DoesNotContain('\0', error.Message);
    }

    [Fact]
    public void Encodes_for_urls_as_python_quote()
    {
        Assert.Equal("dir%20with%20space/%C3%BC.txt", RepoPath.Encode("dir with space/ü.txt"));
        Assert.Equal("a%23b/c%3Fd", RepoPath.Encode("a#b/c?d"));
    }

    [Theory]
    [InlineData("main")]
    [InlineData("refs/convert/parquet")]
    [InlineData("v1.0")]
    [InlineData("refs/pr/1")]
    [InlineData("0123456789abcdef0123456789abcdef01234567")]
    public void Accepts_revisions(string revision) => Assert.Equal(revision, Revision.Validate(revision));

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("/main")]
    [InlineData("main/")]
    [InlineData("a//b")]
    [InlineData("a b")]
    [InlineData("a\\b")]
    [InlineData("a\0b")]
    [InlineData(".hidden")]
    [InlineData("x.lock")]
    [InlineData("a@{1}")]
    public void Refuses_revisions_git_would(string revision) =>
        Assert.Throws<InvalidRevisionException>(() => Revision.Validate(revision));

    [Fact]
    public void Encodes_a_revision_as_one_segment()
    {
        Assert.Equal("refs%2Fconvert%2Fparquet", Revision.Encode(Revision.ConvertParquet));
        Assert.Equal("main", Revision.Encode("main"));
    }

    [Fact]
    public void Knows_commit_ids()
    {
        Assert.True(Revision.IsCommitId("0123456789abcdef0123456789abcdef01234567"));
        Assert.False(Revision.IsCommitId("0123456789ABCDEF0123456789abcdef01234567"));
        Assert.False(Revision.IsCommitId("main"));
    }
}
