using System.Text;
using HfTrain.Hub.Protocol;
using HfTrain.Host.Tests.Workflow;

namespace HfTrain.Host.Tests.Hub;

/// <summary>Task runs that read a model and a dataset from the Hub and push the result back (<c>--push_to_hub</c>).</summary>
public sealed class HubPushTests
{
    static readonly RepoId Out = RepoId.Parse("org/out");

    static void PublishInputs(HubHost hub)
    {
        hub.Publish(RepoId.Parse("org/tiny"), WorkflowRun.Fixture("tiny"));
        hub.Publish(RepoId.Parse("org/data", RepoType.Dataset), WorkflowRun.Fixture("workflow", "hub-dataset"));
    }

    [Fact]
    public async Task A_run_from_hub_ids_trains_pushes_and_the_model_downloads_again()
    {
        await using var hub = new HubHost();
        PublishInputs(hub);
        string outputDir = Path.Combine(hub.Path, "trained");
        var noEnvToken = hub.Settings(token: null);
        var (code, output, error) = HubHost.Run(noEnvToken, [
            "summarization", "--model_name_or_path", "org/tiny", "--dataset_name", "org/data", "--do_train",
            "--push_to_hub", "--hub_model_id", "org/out", "--hub_token", HubHost.AliceToken, "--output_dir", outputDir,
            "--max_train_samples", "8", .. WorkflowRun.Fast]);
        Assert.True(code == 0, output + error);

        var files = hub.Files(Out);
        Assert.Contains("model.safetensors", files);
        Assert.Contains("config.json", files);
        Assert.Contains("README.md", files);
        Assert.DoesNotContain(files, f => f.StartsWith("checkpoint-", StringComparison.Ordinal));
        var titles = hub.CommitTitles(Out);
        Assert.Equal("End of training", titles[0]);
        Assert.Contains("Training in progress, step 2", titles);   // the first save is always pushed (every_save)

        // the token is in no output: console, files of the output folder (model card, trainer_state, arguments)
        Assert.DoesNotContain(HubHost.AliceToken, output + error);
        foreach (string file in Directory.EnumerateFiles(outputDir, "*", SearchOption.AllDirectories))
            Assert.DoesNotContain(HubHost.AliceToken, Encoding.Latin1.GetString(File.ReadAllBytes(file)));
        string card = File.ReadAllText(Path.Combine(outputDir, "README.md"));
        Assert.Contains("base_model: org/tiny", card);
        Assert.Contains("# out", card);   // named after the Hub repo, as Trainer.push_to_hub names it

        // the pushed model downloads and evaluates again
        var (evalCode, evalOutput, evalError) = HubHost.Run(noEnvToken, [
            "summarization", "--model_name_or_path", "org/out", "--dataset_name", "org/data", "--do_eval",
            "--output_dir", Path.Combine(hub.Path, "eval"), "--max_eval_samples", "4", .. WorkflowRun.Fast]);
        Assert.True(evalCode == 0, evalOutput + evalError);
        Assert.True(Directory.Exists(Path.Combine(hub.Home, "hub", "models--org--out", "snapshots")));
    }

    [Theory]
    [InlineData("end")]
    [InlineData("checkpoint")]
    [InlineData("all_checkpoints")]
    public async Task Hub_strategies_push_what_HF_pushes(string strategy)
    {
        await using var hub = new HubHost();
        PublishInputs(hub);
        var (code, output, error) = hub.Run([
            "summarization", "--model_name_or_path", "org/tiny", "--dataset_name", "org/data", "--do_train",
            "--push_to_hub", "--hub_model_id", "out", "--push_to_hub_organization", "org", "--hub_strategy", strategy,
            "--output_dir", Path.Combine(hub.Path, "out"), "--max_train_samples", "8", .. WorkflowRun.Fast]);
        Assert.True(code == 0, output + error);
        var files = hub.Files(Out);
        var titles = hub.CommitTitles(Out);
        Assert.Equal("End of training", titles[0]);
        switch (strategy)
        {
            case "end":
                Assert.DoesNotContain(titles, t => t.StartsWith("Training in progress", StringComparison.Ordinal));
                break;
            case "checkpoint":
                Assert.Contains("last-checkpoint/trainer_state.json", files);
                break;
            default:
                Assert.Contains("checkpoint-2/trainer_state.json", files);
                break;
        }
    }

    [Fact]
    public async Task A_repo_name_without_namespace_goes_under_the_tokens_user_and_can_be_private()
    {
        await using var hub = new HubHost();
        PublishInputs(hub);
        var (code, output, error) = hub.Run([
            "summarization", "--model_name_or_path", "org/tiny", "--dataset_name", "org/data", "--do_train",
            "--push_to_hub", "--hub_model_id", "mine", "--hub_private_repo", "--hub_strategy", "end",
            "--output_dir", Path.Combine(hub.Path, "out"), "--max_train_samples", "4", .. WorkflowRun.Fast]);
        Assert.True(code == 0, output + error);
        Assert.Contains("model.safetensors", hub.Files(RepoId.Parse("alice/mine")));
        var (anonymous, _, refused) = HubHost.Run(hub.Settings(token: null), "download", "alice/mine", "config.json");
        Assert.NotEqual(0, anonymous);
        Assert.Contains("token", refused);
    }
}
