using System.Net;
using System.Text.Json.Nodes;
using HfTrain.Hub.Protocol;

namespace HfTrain.Hub.Tests.Server;

public class HubServerTests
{
    [Fact]
    public async Task Whoami_names_the_user_of_the_token_and_refuses_others()
    {
        await using var hub = new HubHarness();
        using var ok = await hub.SendAsync(HttpMethod.Get, "/api/whoami-v2");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var json = JsonNode.Parse(await ok.Content.ReadAsStringAsync())!;
        Assert.Equal("user", json["type"]!.GetValue<string>());
        Assert.Equal("alice", json["name"]!.GetValue<string>());
        Assert.Equal("team", json["orgs"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("write", json["auth"]!["accessToken"]!["role"]!.GetValue<string>());

        using var anonymous = await hub.SendAsync(HttpMethod.Get, "/api/whoami-v2", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var wrong = await hub.SendAsync(HttpMethod.Get, "/api/whoami-v2", token: "hf_wrong_token_000");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("Invalid credentials in Authorization header", wrong.Headers.GetValues(HubHeaders.ErrorMessage).Single());
    }

    [Fact]
    public async Task Create_makes_a_repo_with_a_first_commit_and_409s_the_second_time()
    {
        await using var hub = new HubHarness();
        await hub.CreateAsync("alice/m1");
        using var again = await hub.SendAsync(HttpMethod.Post, "/api/repos/create", content: HubHarness.Json(new JsonObject { ["name"] = "m1", ["organization"] = "alice" }));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal($"{hub.Url.ToString().TrimEnd('/')}/alice/m1", JsonNode.Parse(await again.Content.ReadAsStringAsync())!["url"]!.GetValue<string>());

        using var info = await hub.SendAsync(HttpMethod.Get, "/api/models/alice/m1", token: null);
        var json = JsonNode.Parse(await info.Content.ReadAsStringAsync())!;
        Assert.True(Revision.IsCommitId(json["sha"]!.GetValue<string>()));
        Assert.Equal(".gitattributes", json["siblings"]![0]!["rfilename"]!.GetValue<string>());
        Assert.False(json["private"]!.GetValue<bool>());

        // no organization: the user's namespace; an organization of the user: fine
        using var own = await hub.SendAsync(HttpMethod.Post, "/api/repos/create", content: HubHarness.Json(new JsonObject { ["name"] = "m2" }));
        Assert.Equal($"{hub.Url.ToString().TrimEnd('/')}/alice/m2", JsonNode.Parse(await own.Content.ReadAsStringAsync())!["url"]!.GetValue<string>());
        await hub.CreateAsync("team/d1", type: "dataset");
        // the namespace as its owner spells it, and one repo per name whatever the case
        using var cased = await hub.SendAsync(HttpMethod.Post, "/api/repos/create", content: HubHarness.Json(new JsonObject { ["name"] = "m3", ["organization"] = "Alice" }));
        Assert.EndsWith("/alice/m3", JsonNode.Parse(await cased.Content.ReadAsStringAsync())!["url"]!.GetValue<string>());
        using var twin = await hub.SendAsync(HttpMethod.Post, "/api/repos/create", content: HubHarness.Json(new JsonObject { ["name"] = "M3", ["organization"] = "alice" }));
        Assert.Equal(HttpStatusCode.Conflict, twin.StatusCode);
        using var dataset = await hub.SendAsync(HttpMethod.Get, "/api/datasets/team/d1");
        Assert.Equal(HttpStatusCode.OK, dataset.StatusCode);
    }

    [Fact]
    public async Task Writes_need_a_token_of_the_namespace_owner()
    {
        await using var hub = new HubHarness();
        using var anonymous = await hub.SendAsync(HttpMethod.Post, "/api/repos/create", token: null, content: HubHarness.Json(new JsonObject { ["name"] = "x", ["organization"] = "alice" }));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var wrong = await hub.SendAsync(HttpMethod.Post, "/api/repos/create", token: "hf_not_a_token_1", content: HubHarness.Json(new JsonObject { ["name"] = "x", ["organization"] = "alice" }));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using var other = await hub.SendAsync(HttpMethod.Post, "/api/repos/create", token: HubHarness.BobToken, content: HubHarness.Json(new JsonObject { ["name"] = "x", ["organization"] = "alice" }));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        using var notMember = await hub.SendAsync(HttpMethod.Post, "/api/repos/create", token: HubHarness.BobToken, content: HubHarness.Json(new JsonObject { ["name"] = "x", ["organization"] = "team" }));
        Assert.Equal(HttpStatusCode.Forbidden, notMember.StatusCode);

        await hub.CreateAsync("alice/m");
        var line = "{\"key\":\"header\",\"value\":{\"summary\":\"x\"}}\n{\"key\":\"file\",\"value\":{\"path\":\"a.txt\",\"content\":\"aGk=\",\"encoding\":\"base64\"}}";
        using var bobCommit = await hub.SendAsync(HttpMethod.Post, "/api/models/alice/m/commit/main", HubHarness.BobToken, new StringContent(line));
        Assert.Equal(HttpStatusCode.Forbidden, bobCommit.StatusCode);
        using var wrongCommit = await hub.SendAsync(HttpMethod.Post, "/api/models/alice/m/commit/main", "hf_not_a_token_1", new StringContent(line));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongCommit.StatusCode);
        using var batch = await hub.SendAsync(HttpMethod.Post, "/alice/m.git/info/lfs/objects/batch", HubHarness.BobToken,
            HubHarness.Json(new JsonObject { ["operation"] = "upload", ["objects"] = new JsonArray() }));
        Assert.Equal(HttpStatusCode.Forbidden, batch.StatusCode);
        // nothing was written
        using var tree = await hub.SendAsync(HttpMethod.Get, "/api/models/alice/m/tree/main");
        Assert.Single(JsonNode.Parse(await tree.Content.ReadAsStringAsync())!.AsArray());
        Assert.DoesNotContain(HubHarness.AliceToken, hub.Log.ToString());
    }

    [Fact]
    public async Task Commit_of_regular_and_LFS_files_resolves_with_the_Hubs_headers()
    {
        await using var hub = new HubHarness();
        await hub.CreateAsync("alice/m");
        byte[] config = HubHarness.Bytes("{\"d_model\": 8}\n");
        byte[] weights = HubHarness.Random(300_000);
        JsonObject commit = await hub.CommitAsync("alice/m", new Dictionary<string, byte[]> { ["config.json"] = config },
            new Dictionary<string, byte[]> { ["model.safetensors"] = weights });
        string oid = commit["commitOid"]!.GetValue<string>();
        Assert.True(Revision.IsCommitId(oid));
        Assert.Equal($"{hub.Url.ToString().TrimEnd('/')}/alice/m/commit/{oid}", commit["commitUrl"]!.GetValue<string>());

        using var head = await hub.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/alice/m/resolve/main/config.json"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(oid, head.Headers.GetValues(HubHeaders.RepoCommit).Single());
        Assert.Equal($"\"{GitHashes.BlobSha1(config)}\"", head.Headers.ETag!.ToString());
        Assert.Equal(config.Length, head.Content.Headers.ContentLength);
        Assert.False(head.Headers.Contains(HubHeaders.LinkedEtag));

        using var lfsHead = await hub.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/alice/m/resolve/main/model.safetensors"));
        Assert.Equal($"\"{GitHashes.Sha256(weights)}\"", lfsHead.Headers.GetValues(HubHeaders.LinkedEtag).Single());
        Assert.Equal(weights.Length.ToString(), lfsHead.Headers.GetValues(HubHeaders.LinkedSize).Single());
        Assert.Equal($"\"{GitHashes.Sha256(weights)}\"", lfsHead.Headers.ETag!.ToString());

        Assert.Equal(weights, await hub.Http.GetByteArrayAsync("/alice/m/resolve/main/model.safetensors"));
        Assert.Equal(config, await hub.Http.GetByteArrayAsync($"/alice/m/resolve/{oid}/config.json"));

        // the LFS file is tracked by .gitattributes (*.safetensors is in the default), the tree shows both kinds
        using var tree = await hub.SendAsync(HttpMethod.Get, "/api/models/alice/m/tree/main?recursive=true");
        var entries = JsonNode.Parse(await tree.Content.ReadAsStringAsync())!.AsArray();
        var model = entries.Single(e => e!["path"]!.GetValue<string>() == "model.safetensors")!;
        Assert.Equal(GitHashes.Sha256(weights), model["lfs"]!["oid"]!.GetValue<string>());
        Assert.Equal(weights.Length, model["size"]!.GetValue<long>());
        var cfg = entries.Single(e => e!["path"]!.GetValue<string>() == "config.json")!;
        Assert.Equal(GitHashes.BlobSha1(config), cfg["oid"]!.GetValue<string>());
        Assert.Null(cfg["lfs"]);
    }

    [Fact]
    public async Task Range_requests_get_206_and_Content_Range()
    {
        await using var hub = new HubHarness();
        await hub.CreateAsync("alice/m");
        byte[] data = HubHarness.Random(10_000, seed: 7);
        await hub.CommitAsync("alice/m", new Dictionary<string, byte[]>(), new Dictionary<string, byte[]> { ["w.bin"] = data });

        async Task<(HttpStatusCode, byte[], string?)> Get(string range)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/alice/m/resolve/main/w.bin");
            request.Headers.TryAddWithoutValidation("Range", range);
            using var response = await hub.Http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentRange?.ToString());
        }

        var (status, body, contentRange) = await Get("bytes=100-199");
        Assert.Equal(HttpStatusCode.PartialContent, status);
        Assert.Equal(data[100..200], body);
        Assert.Equal("bytes 100-199/10000", contentRange);
        (status, body, contentRange) = await Get("bytes=9990-");
        Assert.Equal(data[9990..], body);
        Assert.Equal("bytes 9990-9999/10000", contentRange);
        (status, body, _) = await Get("bytes=-5");
        Assert.Equal(data[^5..], body);
        (status, body, contentRange) = await Get("bytes=0-0");
        Assert.Equal(HttpStatusCode.PartialContent, status);
        Assert.Single(body);
        Assert.Equal("bytes 0-0/10000", contentRange);
        (status, _, contentRange) = await Get("bytes=20000-");
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, status);
        Assert.Equal("bytes */10000", contentRange);
    }

    [Theory]
    [InlineData("/alice/m/resolve/main/missing.txt", 404, HubErrorCodes.EntryNotFound)]
    [InlineData("/alice/m/resolve/nobranch/config.json", 404, HubErrorCodes.RevisionNotFound)]
    [InlineData("/alice/none/resolve/main/config.json", 401, HubErrorCodes.RepoNotFound)]
    [InlineData("/api/models/alice/m/revision/nobranch", 404, HubErrorCodes.RevisionNotFound)]
    [InlineData("/api/models/alice/none", 401, HubErrorCodes.RepoNotFound)]
    [InlineData("/api/models/alice/m/tree/main/nofolder", 404, HubErrorCodes.EntryNotFound)]
    public async Task Errors_carry_the_Hubs_error_codes(string url, int status, string code)
    {
        await using var hub = new HubHarness();
        await hub.CreateAsync("alice/m");
        await hub.CommitAsync("alice/m", new Dictionary<string, byte[]> { ["config.json"] = HubHarness.Bytes("{}") });
        using var response = await hub.Http.GetAsync(url);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, response.Headers.GetValues(HubHeaders.ErrorCode).Single());
        using var head = await hub.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(status, (int)head.StatusCode);
    }

    [Fact]
    public async Task A_private_repo_is_hidden_without_its_owners_token()
    {
        await using var hub = new HubHarness();
        await hub.CreateAsync("alice/secret", isPrivate: true);
        await hub.CommitAsync("alice/secret", new Dictionary<string, byte[]> { ["a.txt"] = HubHarness.Bytes("hidden") });

        using var anonymous = await hub.SendAsync(HttpMethod.Get, "/alice/secret/resolve/main/a.txt", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HubErrorCodes.RepoNotFound, anonymous.Headers.GetValues(HubHeaders.ErrorCode).Single());
        using var bob = await hub.SendAsync(HttpMethod.Get, "/alice/secret/resolve/main/a.txt", token: HubHarness.BobToken);
        Assert.Equal(HttpStatusCode.NotFound, bob.StatusCode);
        using var info = await hub.SendAsync(HttpMethod.Get, "/api/models/alice/secret", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, info.StatusCode);
        using var tree = await hub.SendAsync(HttpMethod.Get, "/api/models/alice/secret/tree/main", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, tree.StatusCode);
        using var alice = await hub.SendAsync(HttpMethod.Get, "/alice/secret/resolve/main/a.txt");
        Assert.Equal("hidden", await alice.Content.ReadAsStringAsync());
        using var list = await hub.SendAsync(HttpMethod.Get, "/api/models", token: null);
        Assert.DoesNotContain("secret", await list.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Tree_pages_with_a_Link_header()
    {
        await using var hub = new HubHarness(o => new HfTrain.Hub.Server.HubServerOptions
        {
            Root = o.Root, Tokens = o.Tokens, Organizations = o.Organizations, PageSize = 3, Log = o.Log,
        });
        await hub.CreateAsync("alice/m");
        var files = Enumerable.Range(0, 8).ToDictionary(i => $"dir/f{i}.txt", i => HubHarness.Bytes($"file {i}"));
        files["top.txt"] = HubHarness.Bytes("top");
        await hub.CommitAsync("alice/m", files);

        var paths = new List<string>();
        string? url = "/api/models/alice/m/tree/main?recursive=true";
        int pages = 0;
        while (url is not null)
        {
            using var response = await hub.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            paths.AddRange(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Select(e => e!["path"]!.GetValue<string>()));
            url = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
            pages++;
        }
        Assert.Equal(4, pages);
        Assert.Equal(11, paths.Count);   // .gitattributes, dir, 8 files, top.txt
        Assert.Contains("dir", paths);
        Assert.Equal(paths.Order(StringComparer.Ordinal), paths);

        using var top = await hub.Http.GetAsync("/api/models/alice/m/tree/main");
        var topPaths = JsonNode.Parse(await top.Content.ReadAsStringAsync())!.AsArray().Select(e => e!["path"]!.GetValue<string>()).ToList();
        Assert.Equal([".gitattributes", "dir", "top.txt"], topPaths);
        using var sub = await hub.Http.GetAsync("/api/models/alice/m/tree/main/dir?limit=100");
        Assert.Equal(3, JsonNode.Parse(await sub.Content.ReadAsStringAsync())!.AsArray().Count);
        using var encoded = await hub.Http.GetAsync("/api/models/alice/m/tree/main/dir%2F?recursive=false");
        Assert.Equal(HttpStatusCode.BadRequest, encoded.StatusCode);
    }

    [Theory]
    [InlineData("/alice/m/resolve/main/..%2F..%2Frepo.json")]
    [InlineData("/alice/m/resolve/main/a%5Cb")]
    [InlineData("/alice/m/resolve/main/a%00b")]
    [InlineData("/alice/m/resolve/main/%2Fetc%2Fpasswd")]
    [InlineData("/api/models/alice/m/tree/main/..%2F..")]
    [InlineData("/alice/..%2Fm/resolve/main/config.json")]
    public async Task Path_traversal_is_refused(string url)
    {
        await using var hub = new HubHarness();
        await hub.CreateAsync("alice/m");
        using var response = await hub.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/alice/m/resolve/main/%2E%2E/%2E%2E/repo.json")]
    [InlineData("/alice/m/resolve/main/../../repo.json")]
    [InlineData("/alice/m/resolve/main/a/./b")]
    public async Task Dot_segments_sent_as_they_are_are_refused(string target)
    {
        // HttpClient would collapse them: write the request line by hand
        await using var hub = new HubHarness();
        await hub.CreateAsync("alice/m");
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(hub.Url.Host, hub.Url.Port);
        using var stream = tcp.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {hub.Url.Authority}\r\nConnection: close\r\n\r\n"));
        string answer = await new StreamReader(stream).ReadToEndAsync();
        Assert.StartsWith("HTTP/1.1 400", answer);
    }

    [Theory]
    [InlineData("../x.txt")]
    [InlineData("a/../../x.txt")]
    [InlineData("/abs.txt")]
    [InlineData("a\\b.txt")]
    [InlineData("a//b.txt")]
    public async Task Commits_refuse_paths_that_escape(string path)
    {
        await using var hub = new HubHarness();
        await hub.CreateAsync("alice/m");
        string body = "{\"key\":\"header\",\"value\":{\"summary\":\"x\"}}\n" +
            new JsonObject { ["key"] = "file", ["value"] = new JsonObject { ["path"] = path, ["content"] = "aGk=", ["encoding"] = "base64" } }.ToJsonString();
        using var response = await hub.SendAsync(HttpMethod.Post, "/api/models/alice/m/commit/main", content: new StringContent(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("path in the repo", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Oversized_bodies_are_refused()
    {
        await using var hub = new HubHarness(o => new HfTrain.Hub.Server.HubServerOptions
        {
            Root = o.Root, Tokens = o.Tokens, Organizations = o.Organizations, MaxJsonBody = 1000, MaxCommitBody = 5000, Log = o.Log,
        });
        await hub.CreateAsync("alice/m");
        var big = new JsonObject { ["files"] = new JsonArray(Enumerable.Range(0, 100).Select(i => (JsonNode?)new JsonObject { ["path"] = $"f{i}", ["size"] = 1, ["sample"] = "" }).ToArray()) };
        using var preupload = await hub.SendAsync(HttpMethod.Post, "/api/models/alice/m/preupload/main", content: HubHarness.Json(big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, preupload.StatusCode);
        string commit = "{\"key\":\"header\",\"value\":{\"summary\":\"x\"}}\n" +
            new JsonObject { ["key"] = "file", ["value"] = new JsonObject { ["path"] = "big.txt", ["content"] = Convert.ToBase64String(new byte[10_000]), ["encoding"] = "base64" } }.ToJsonString();
        using var commitResponse = await hub.SendAsync(HttpMethod.Post, "/api/models/alice/m/commit/main", content: new StringContent(commit));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, commitResponse.StatusCode);
        // chunked (no Content-Length) too
        var chunked = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(commit)));
        var request = hub.Request(HttpMethod.Post, "/api/models/alice/m/commit/main", content: chunked);
        request.Headers.TransferEncodingChunked = true;
        using var chunkedResponse = await hub.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunkedResponse.StatusCode);
        using var tree = await hub.SendAsync(HttpMethod.Get, "/api/models/alice/m/tree/main");
        Assert.Single(JsonNode.Parse(await tree.Content.ReadAsStringAsync())!.AsArray());
    }

    [Fact]
    public async Task Oversized_headers_are_refused()
    {
        await using var hub = new HubHarness();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/models");
        request.Headers.TryAddWithoutValidation("X-Padding", new string('a', 100_000));
        using var response = await hub.Http.SendAsync(request);
        Assert.True((int)response.StatusCode is 400 or 431, response.StatusCode.ToString());
    }

    [Fact]
    public async Task Concurrent_commits_all_land_one_after_the_other()
    {
        await using var hub = new HubHarness();
        await hub.CreateAsync("alice/m");
        var commits = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            hub.CommitAsync("alice/m", new Dictionary<string, byte[]> { [$"f{i}.txt"] = HubHarness.Bytes($"content {i}") })));
        Assert.Equal(12, commits.Select(c => c["commitOid"]!.GetValue<string>()).Distinct().Count());
        using var tree = await hub.Http.GetAsync("/api/models/alice/m/tree/main");
        Assert.Equal(13, JsonNode.Parse(await tree.Content.ReadAsStringAsync())!.AsArray().Count);
        using var history = await hub.Http.GetAsync("/api/models/alice/m/commits/main");
        Assert.Equal(13, JsonNode.Parse(await history.Content.ReadAsStringAsync())!.AsArray().Count);
    }

    [Fact]
    public async Task A_stale_parent_commit_is_refused_with_412()
    {
        await using var hub = new HubHarness();
        await hub.CreateAsync("alice/m");
        JsonObject first = await hub.CommitAsync("alice/m", new Dictionary<string, byte[]> { ["a.txt"] = HubHarness.Bytes("a") });
        await hub.CommitAsync("alice/m", new Dictionary<string, byte[]> { ["b.txt"] = HubHarness.Bytes("b") }, parent: first["commitOid"]!.GetValue<string>());
        string body = "{\"key\":\"header\",\"value\":{\"summary\":\"x\",\"parentCommit\":\"" + first["commitOid"] + "\"}}";
        using var stale = await hub.SendAsync(HttpMethod.Post, "/api/models/alice/m/commit/main", content: new StringContent(body));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
    }

    [Fact]
    public async Task LFS_uploads_are_checked_before_they_are_stored()
    {
        await using var hub = new HubHarness();
        await hub.CreateAsync("alice/m");
        byte[] content = HubHarness.Random(5000);
        string oid = GitHashes.Sha256(content);
        using var batch = await hub.SendAsync(HttpMethod.Post, "/alice/m.git/info/lfs/objects/batch", content: HubHarness.Json(new JsonObject
        {
            ["operation"] = "upload", ["transfers"] = new JsonArray("basic", "multipart", "xet"),
            ["objects"] = new JsonArray(new JsonObject { ["oid"] = oid, ["size"] = content.Length }),
        }));
        var answer = JsonNode.Parse(await batch.Content.ReadAsStringAsync())!;
        Assert.Equal("basic", answer["transfer"]!.GetValue<string>());   // never xet
        string href = answer["objects"]![0]!["actions"]!["upload"]!["href"]!.GetValue<string>();

        using var wrongBytes = await hub.Http.PutAsync(href, new ByteArrayContent(HubHarness.Random(5000, seed: 2)));
        Assert.Equal(HttpStatusCode.BadRequest, wrongBytes.StatusCode);
        using var wrongSize = await hub.Http.PutAsync(href, new ByteArrayContent(content[..4000]));
        Assert.Equal(HttpStatusCode.BadRequest, wrongSize.StatusCode);
        using var forged = await hub.Http.PutAsync(href.Replace("sig=", "sig=0"), new ByteArrayContent(content));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        // committing the oid before its upload fails, and leaves the branch as it was
        string commit = "{\"key\":\"header\",\"value\":{\"summary\":\"x\"}}\n" +
            new JsonObject { ["key"] = "lfsFile", ["value"] = new JsonObject { ["path"] = "w.bin", ["algo"] = "sha256", ["oid"] = oid, ["size"] = content.Length } }.ToJsonString();
        using var early = await hub.SendAsync(HttpMethod.Post, "/api/models/alice/m/commit/main", content: new StringContent(commit));
        Assert.Equal(422, (int)early.StatusCode);

        using var ok = await hub.Http.PutAsync(href, new ByteArrayContent(content));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var late = await hub.SendAsync(HttpMethod.Post, "/api/models/alice/m/commit/main", content: new StringContent(commit));
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Equal(content, await hub.Http.GetByteArrayAsync("/alice/m/resolve/main/w.bin"));

        // a second batch for the same object: already there, no actions
        using var again = await hub.SendAsync(HttpMethod.Post, "/alice/m.git/info/lfs/objects/batch", content: HubHarness.Json(new JsonObject
        {
            ["operation"] = "upload", ["objects"] = new JsonArray(new JsonObject { ["oid"] = oid, ["size"] = content.Length }),
        }));
        Assert.Null(JsonNode.Parse(await again.Content.ReadAsStringAsync())!["objects"]![0]!["actions"]);
    }

    [Fact]
    public async Task Multipart_uploads_assemble_and_verify_the_parts()
    {
        await using var hub = new HubHarness(o => new HfTrain.Hub.Server.HubServerOptions
        {
            Root = o.Root, Tokens = o.Tokens, Organizations = o.Organizations, MultipartThreshold = 1000, MultipartChunkSize = 4096, Log = o.Log,
        });
        await hub.CreateAsync("alice/m");
        byte[] content = HubHarness.Random(10_000, seed: 3);
        string oid = GitHashes.Sha256(content);
        using var batch = await hub.SendAsync(HttpMethod.Post, "/alice/m.git/info/lfs/objects/batch", content: HubHarness.Json(new JsonObject
        {
            ["operation"] = "upload", ["transfers"] = new JsonArray("basic", "multipart"),
            ["objects"] = new JsonArray(new JsonObject { ["oid"] = oid, ["size"] = content.Length }),
        }));
        var upload = JsonNode.Parse(await batch.Content.ReadAsStringAsync())!["objects"]![0]!["actions"]!["upload"]!;
        var header = upload["header"]!.AsObject();
        Assert.Equal("4096", header["chunk_size"]!.GetValue<string>());
        var parts = header.Where(p => p.Key != "chunk_size").OrderBy(p => p.Key).ToList();
        Assert.Equal(["00001", "00002", "00003"], parts.Select(p => p.Key));
        var etags = new JsonArray();
        for (int i = 0; i < parts.Count; i++)
        {
            using var put = await hub.Http.PutAsync(parts[i].Value!.GetValue<string>(), new ByteArrayContent(content[(i * 4096)..Math.Min(content.Length, (i + 1) * 4096)]));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            etags.Add(new JsonObject { ["partNumber"] = i + 1, ["etag"] = put.Headers.ETag!.Tag });
        }
        using var complete = await hub.Http.PostAsync(upload["href"]!.GetValue<string>(), HubHarness.Json(new JsonObject { ["oid"] = oid, ["parts"] = etags }));
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        await hub.CommitAsync("alice/m", new Dictionary<string, byte[]>(), new Dictionary<string, byte[]> { ["big.bin"] = content });
        Assert.Equal(content, await hub.Http.GetByteArrayAsync("/alice/m/resolve/main/big.bin"));
    }

    [Fact]
    public async Task Preupload_decides_lfs_for_large_binary_or_tracked_files()
    {
        await using var hub = new HubHarness(o => new HfTrain.Hub.Server.HubServerOptions
        {
            Root = o.Root, Tokens = o.Tokens, Organizations = o.Organizations, LfsThreshold = 1000, Log = o.Log,
        });
        await hub.CreateAsync("alice/m");
        await hub.CommitAsync("alice/m", new Dictionary<string, byte[]> { ["README.md"] = HubHarness.Bytes("# hi") });
        string text = Convert.ToBase64String(HubHarness.Bytes("hello world"));
        string binary = Convert.ToBase64String([0, 1, 2, 3, 255]);
        using var response = await hub.SendAsync(HttpMethod.Post, "/api/models/alice/m/preupload/main", content: HubHarness.Json(new JsonObject
        {
            ["files"] = new JsonArray(
                new JsonObject { ["path"] = "small.txt", ["size"] = 11, ["sample"] = text },
                new JsonObject { ["path"] = "large.txt", ["size"] = 5000, ["sample"] = text },
                new JsonObject { ["path"] = "blob.dat", ["size"] = 5, ["sample"] = binary },
                new JsonObject { ["path"] = "spiece.model", ["size"] = 11, ["sample"] = text },
                new JsonObject { ["path"] = "empty.bin", ["size"] = 0, ["sample"] = "" },
                new JsonObject { ["path"] = "README.md", ["size"] = 4, ["sample"] = text }),
        }));
        var files = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["files"]!.AsArray()
            .ToDictionary(f => f!["path"]!.GetValue<string>(), f => f!);
        Assert.Equal("regular", files["small.txt"]!["uploadMode"]!.GetValue<string>());
        Assert.Equal("lfs", files["large.txt"]!["uploadMode"]!.GetValue<string>());
        Assert.Equal("lfs", files["blob.dat"]!["uploadMode"]!.GetValue<string>());
        Assert.Equal("lfs", files["spiece.model"]!["uploadMode"]!.GetValue<string>());
        Assert.Equal("regular", files["empty.bin"]!["uploadMode"]!.GetValue<string>());
        Assert.Equal(GitHashes.BlobSha1(HubHarness.Bytes("# hi")), files["README.md"]!["oid"]!.GetValue<string>());
        Assert.False(files["small.txt"]!["shouldIgnore"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Deletions_and_branches_and_refs()
    {
        await using var hub = new HubHarness();
        await hub.CreateAsync("alice/m");
        await hub.CommitAsync("alice/m", new Dictionary<string, byte[]> { ["a.txt"] = HubHarness.Bytes("a"), ["d/b.txt"] = HubHarness.Bytes("b") });
        await hub.CommitAsync("alice/m", new Dictionary<string, byte[]>(), deleted: ["a.txt"]);
        using var gone = await hub.Http.GetAsync("/alice/m/resolve/main/a.txt");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var missing = await hub.SendAsync(HttpMethod.Post, "/api/models/alice/m/commit/main",
            content: new StringContent("{\"key\":\"header\",\"value\":{\"summary\":\"x\"}}\n{\"key\":\"deletedFile\",\"value\":{\"path\":\"nope.txt\"}}"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var branch = await hub.SendAsync(HttpMethod.Post, "/api/models/alice/m/branch/dev", content: HubHarness.Json(new JsonObject()));
        Assert.Equal(HttpStatusCode.OK, branch.StatusCode);
        await hub.CommitAsync("alice/m", new Dictionary<string, byte[]> { ["dev.txt"] = HubHarness.Bytes("dev") }, revision: "dev");
        Assert.Equal("dev", await hub.Http.GetStringAsync("/alice/m/resolve/dev/dev.txt"));
        using var notOnMain = await hub.Http.GetAsync("/alice/m/resolve/main/dev.txt");
        Assert.Equal(HttpStatusCode.NotFound, notOnMain.StatusCode);
        using var refs = await hub.Http.GetAsync("/api/models/alice/m/refs");
        var names = JsonNode.Parse(await refs.Content.ReadAsStringAsync())!["branches"]!.AsArray().Select(b => b!["name"]!.GetValue<string>());
        Assert.Equal(["dev", "main"], names.Order());
        using var noBranch = await hub.SendAsync(HttpMethod.Post, "/api/models/alice/m/commit/nobranch",
            content: new StringContent("{\"key\":\"header\",\"value\":{\"summary\":\"x\"}}"));
        Assert.Equal(HubErrorCodes.RevisionNotFound, noBranch.Headers.GetValues(HubHeaders.ErrorCode).Single());
    }

    [Fact]
    public async Task Dataset_parquet_conversion_is_listed_and_resolved()
    {
        await using var hub = new HubHarness();
        await hub.CreateAsync("alice/d", type: "dataset");
        using var none = await hub.Http.GetAsync("/api/datasets/alice/d/parquet");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        using var branch = await hub.SendAsync(HttpMethod.Post, "/api/datasets/alice/d/branch/refs%2Fconvert%2Fparquet", content: HubHarness.Json(new JsonObject()));
        Assert.Equal(HttpStatusCode.OK, branch.StatusCode);
        byte[] train = HubHarness.Random(2000, 1), test = HubHarness.Random(1000, 2);
        await hub.CommitAsync("alice/d", new Dictionary<string, byte[]>(),
            new Dictionary<string, byte[]> { ["default/train/0000.parquet"] = train, ["default/test/0000.parquet"] = test },
            type: "dataset", revision: "refs/convert/parquet");

        using var list = await hub.Http.GetAsync("/api/datasets/alice/d/parquet");
        var json = JsonNode.Parse(await list.Content.ReadAsStringAsync())!;
        string url = json["default"]!["train"]![0]!.GetValue<string>();
        Assert.EndsWith("/api/datasets/alice/d/parquet/default/train/0.parquet", url);
        Assert.Equal(train, await hub.Http.GetByteArrayAsync(url));   // follows the redirect to resolve
        Assert.Equal(test, await hub.Http.GetByteArrayAsync("/datasets/alice/d/resolve/refs%2Fconvert%2Fparquet/default/test/0000.parquet"));
        using var tree = await hub.Http.GetAsync("/api/datasets/alice/d/tree/refs/convert/parquet/default?recursive=true");
        Assert.Equal(HttpStatusCode.OK, tree.StatusCode);
        Assert.Equal(4, JsonNode.Parse(await tree.Content.ReadAsStringAsync())!.AsArray().Count);
        using var refs = await hub.Http.GetAsync("/api/datasets/alice/d/refs");
        Assert.Equal("parquet", JsonNode.Parse(await refs.Content.ReadAsStringAsync())!["converts"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Validate_yaml_accepts_a_card_and_refuses_a_broken_one()
    {
        await using var hub = new HubHarness();
        using var ok = await hub.SendAsync(HttpMethod.Post, "/api/validate-yaml", content: HubHarness.Json(new JsonObject
        {
            ["repoType"] = "model", ["content"] = "---\nlicense: apache-2.0\ntags:\n- generated_from_trainer\n---\n# Model\n",
        }));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var broken = await hub.SendAsync(HttpMethod.Post, "/api/validate-yaml", content: HubHarness.Json(new JsonObject
        {
            ["repoType"] = "model", ["content"] = "---\nlicense apache\n# Model\n",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
    }

    [Fact]
    public async Task A_second_server_on_the_same_root_is_refused()
    {
        await using var hub = new HubHarness();
        var error = Assert.Throws<InvalidOperationException>(() => HfTrain.Hub.Server.HubServer.Start(new HfTrain.Hub.Server.HubServerOptions { Root = hub.Root }));
        Assert.Contains("one server per folder", error.Message);
    }

    [Fact]
    public async Task Repos_survive_a_restart()
    {
        var hub = new HubHarness();
        string root = hub.Root;
        await hub.CreateAsync("alice/m");
        await hub.CommitAsync("alice/m", new Dictionary<string, byte[]> { ["a.txt"] = HubHarness.Bytes("kept") });
        hub.Http.Dispose();
        await hub.Server.StopAsync();
        // a crash mid-write leaves files under tmp/: they are dropped, never shown
        File.WriteAllText(Path.Combine(root, "tmp", "blob-half-written"), "partial");
        await using var again = HfTrain.Hub.Server.HubServer.Start(new HfTrain.Hub.Server.HubServerOptions { Root = root, Port = 0 });
        using var http = new HttpClient { BaseAddress = again.Url };
        Assert.Equal("kept", await http.GetStringAsync("/alice/m/resolve/main/a.txt"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(root, "tmp")));
        await again.StopAsync();
        Directory.Delete(root, true);
    }
}
