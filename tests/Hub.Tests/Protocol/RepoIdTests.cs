using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Tests.Protocol;

public class RepoIdTests
{
    [Theory]
    [InlineData("t5-small", null, "t5-small")]
    [InlineData("google/t5-v1_1-small", "google", "t5-v1_1-small")]
    [InlineData("org/name.v2", "org", "name.v2")]
    [InlineData("_a/b_", "_a", "b_")]
    public void Parses_the_ids_the_Hub_accepts(string text, string? ns, string name)
    {
        RepoId id = RepoId.Parse(text);
        Assert.Equal(ns, id.Namespace);
        Assert.Equal(name, id.Name);
        Assert.Equal(text, id.Id);
        Assert.Equal(RepoType.Model, id.Type);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b/c")]
    [InlineData("/name")]
    [InlineData("org/")]
    [InlineData("-org/name")]
    [InlineData("org/name-")]
    [InlineData("org/.name")]
    [InlineData("org/na--me")]
    [InlineData("org/na..me")]
    [InlineData("org/name.git")]
    [InlineData("org/na me")]
    [InlineData("org/na\\me")]
    [InlineData("org/na\0me")]
    [InlineData("../name")]
    [InlineData("org/namé")]
    public void Refuses_what_the_Hub_refuses(string text)
    {
        var error = Assert.Throws<InvalidRepoIdException>(() => RepoId.Parse(text));
        Assert.Contains("repo id", error.Message);
        Assert.False(RepoId.TryParse(text, RepoType.Model, out _));
    }

    [Fact]
    public void Refuses_a_name_longer_than_96_characters()
    {
        Assert.Equal(96, RepoId.Parse("org/" + new string('a', 96)).Name.Length);
        Assert.Throws<InvalidRepoIdException>(() => RepoId.Parse("org/" + new string('a', 97)));
    }

    [Fact]
    public void Names_the_cache_folder_and_the_urls_as_huggingface_hub()
    {
        Assert.Equal("models--google--t5-small", RepoId.Parse("google/t5-small").CacheFolderName);
        Assert.Equal("models--t5-small", RepoId.Parse("t5-small").CacheFolderName);
        RepoId data = RepoId.Parse("abisee/cnn_dailymail", RepoType.Dataset);
        Assert.Equal("datasets--abisee--cnn_dailymail", data.CacheFolderName);
        Assert.Equal("api/datasets/abisee/cnn_dailymail", data.ApiPath);
        Assert.Equal("datasets/abisee/cnn_dailymail", data.UrlPath);
        Assert.Equal("org/m", RepoId.Parse("org/m").UrlPath);
        Assert.Equal("api/models/org/m", RepoId.Parse("org/m").ApiPath);
    }

    [Fact]
    public void Creates_from_namespace_and_name()
    {
        Assert.Equal("org/m", RepoId.Create("org", "m").Id);
        Assert.Equal("m", RepoId.Create(null, "m").Id);
        Assert.Equal(RepoType.Dataset, RepoId.Create("", "m", RepoType.Dataset).Type);
        Assert.Throws<InvalidRepoIdException>(() => RepoId.Create("org", "a/b"));
    }

    [Fact]
    public void Ids_are_values()
    {
        Assert.Equal(RepoId.Parse("org/m"), RepoId.Parse("org/m"));
        Assert.NotEqual(RepoId.Parse("org/m"), RepoId.Parse("org/m", RepoType.Dataset));
    }

    [Theory]
    [InlineData(null, RepoType.Model)]
    [InlineData("", RepoType.Model)]
    [InlineData("model", RepoType.Model)]
    [InlineData("Dataset", RepoType.Dataset)]
    [InlineData("datasets", RepoType.Dataset)]
    public void Parses_repo_types(string? text, RepoType expected) => Assert.Equal(expected, RepoTypes.Parse(text));

    [Fact]
    public void Spells_repo_types_as_the_Hub()
    {
        Assert.Equal("model", RepoType.Model.Name());
        Assert.Equal("datasets", RepoType.Dataset.Plural());
        Assert.Equal("", RepoType.Model.UrlPrefix());
        Assert.Equal("datasets/", RepoType.Dataset.UrlPrefix());
        Assert.Throws<InvalidRepoIdException>(() => RepoTypes.Parse("space"));
        Assert.True(RepoTypes.TryParsePlural("datasets", out var type) && type == RepoType.Dataset);
        Assert.False(RepoTypes.TryParsePlural("spaces", out _));
    }
}
