using HfTrain.Abstractions;
using HfTrain.Host.Hub;
using HfTrain.Host.Jobs;
using HfTrain.Host.Tests.Workflow;
using HfTrain.Hub.Protocol;

namespace HfTrain.Host.Tests.Hub;

/// <summary><c>--model_name_or_path org/name</c>: what the run needs is downloaded; offline, the cache serves it.</summary>
public sealed class HubModelTests
{
    [Fact]
    public async Task A_model_id_downloads_config_weights_and_tokenizer_and_works_offline_after()
    {
        await using var hub = new HubHost();
        hub.Publish(RepoId.Parse("org/tiny"), WorkflowRun.Fixture("tiny"));
        string snapshot;
        using (HubScope.Use(hub.Settings()))
            snapshot = HubModelFiles.Fetch("org/tiny", "--model_name_or_path", "main", null, weights: true);
        foreach (string file in new[] { "config.json", "generation_config.json", "model.safetensors", "spiece.model", "tokenizer.json", "tokenizer_config.json" })
            Assert.True(File.Exists(Path.Combine(snapshot, file)), file);
        Assert.False(File.Exists(Path.Combine(snapshot, "trajectory_cpu.json")));   // not something a run reads

        using (HubScope.Use(hub.Settings(offline: true)))
        {
            Assert.Equal(snapshot, HubModelFiles.Fetch("org/tiny", "--model_name_or_path", "main", null, weights: true));
            var missing = Assert.Throws<TaskInputException>(() => HubModelFiles.Fetch("org/other", "--model_name_or_path", "main", null, weights: true));
            Assert.Contains("HF_HUB_OFFLINE", missing.Message);
            Assert.Contains("--model_name_or_path org/other", missing.Message);
        }
    }

    [Fact]
    public async Task A_missing_model_repo_says_what_to_check()
    {
        await using var hub = new HubHost();
        var (code, _, error) = hub.Run("summarization", "--model_name_or_path", "org/nothing", "--do_train",
            "--train_file", WorkflowRun.Fixture("workflow", "summarization-train.jsonl"), "--output_dir", Path.Combine(hub.Path, "out"));
        Assert.True(code == 2, error);
        Assert.Contains("--model_name_or_path org/nothing", error);
        Assert.Contains("repository not found", error);
    }

    [Fact]
    public async Task A_sharded_model_brings_every_shard_of_its_index()
    {
        await using var hub = new HubHost();
        hub.Publish(RepoId.Parse("org/sharded"), hub.Folder(new Dictionary<string, string>
        {
            ["config.json"] = "{\"model_type\": \"t5\"}",
            ["model.safetensors.index.json"] = "{\"metadata\": {}, \"weight_map\": {\"a\": \"model-00001-of-00002.safetensors\", " +
                                               "\"b\": \"model-00002-of-00002.safetensors\", \"c\": \"model-00001-of-00002.safetensors\"}}",
            ["model-00001-of-00002.safetensors"] = "one",
            ["model-00002-of-00002.safetensors"] = "two",
            ["unrelated.bin"] = "not needed",
        }));
        using var scope = HubScope.Use(hub.Settings());
        string snapshot = HubModelFiles.Fetch("org/sharded", "--model_name_or_path", "main", null, weights: true);
        Assert.Equal("one", File.ReadAllText(Path.Combine(snapshot, "model-00001-of-00002.safetensors")));
        Assert.Equal("two", File.ReadAllText(Path.Combine(snapshot, "model-00002-of-00002.safetensors")));
        Assert.False(File.Exists(Path.Combine(snapshot, "unrelated.bin")));
    }
}
