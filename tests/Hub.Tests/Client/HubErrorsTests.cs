using System.Net;
using HfTrain.Hub.Client;

namespace HfTrain.Hub.Tests.Client;

/// <summary>How answers map to messages: the X-Error-Code first, then the status, each saying what to do.</summary>
public sealed class HubErrorsTests
{
    static HubClientException Map(HttpStatusCode status, string? code = null, string? body = null)
    {
        using var response = new HttpResponseMessage(status)
        {
            RequestMessage = new HttpRequestMessage(HttpMethod.Get, "https://hub.example/org/name/resolve/main/x.bin?secret=1"),
        };
        if (code is not null)
            response.Headers.Add("X-Error-Code", code);
        return HubErrors.From(response, "org/name, file x.bin", body);
    }

    [Theory]
    [InlineData("RepoNotFound", HubErrorKind.RepoNotFound, "--repo-type")]
    [InlineData("RevisionNotFound", HubErrorKind.RevisionNotFound, "--revision")]
    [InlineData("EntryNotFound", HubErrorKind.EntryNotFound, "file name")]
    [InlineData("GatedRepo", HubErrorKind.GatedRepo, "Ask for access")]
    public void Error_codes_name_the_fix(string code, HubErrorKind kind, string fix)
    {
        var error = Map(HttpStatusCode.NotFound, code);
        Assert.Equal(kind, error.Kind);
        Assert.Contains(fix, error.Message);
        Assert.StartsWith("org/name, file x.bin: ", error.Message);
        Assert.DoesNotContain("secret=1", error.Message);   // the query is left out
    }

    [Fact]
    public void Statuses_without_a_code_still_say_what_to_do()
    {
        Assert.Contains("hf-train login", Map(HttpStatusCode.Unauthorized).Message);
        Assert.Contains("write access", Map(HttpStatusCode.Forbidden).Message);
        Assert.Equal(HubErrorKind.Server, Map(HttpStatusCode.BadGateway).Kind);
        Assert.Contains("(server: quota exceeded)", Map(HttpStatusCode.BadRequest, body: "{\"error\": \"quota exceeded\"}").Message);
    }
}
