using System.IO.Compression;

namespace HfTrain.Host.Tests.Plugins;

/// <summary><c>hf-train plugins install</c> from a publish folder and from a .nupkg, into a temporary home.</summary>
public sealed class PluginInstallTests
{
    [Fact]
    public void A_publish_folder_is_installed_under_the_dlls_name_and_its_task_becomes_a_command()
    {
        using var home = new TempDir();
        using var work = new TempDir();
        string publish = HostHarness.InstallPlugin("EchoTask", work.Path, "publish");

        var (code, output, error) = new HostHarness(home: home.Path).Run("plugins", "install", publish);

        Assert.True(code == 0, output + error);
        Assert.Contains("Installed task 'echo' 2.3.4", output);
        Assert.True(File.Exists(Path.Combine(home.Path, ".hf-train", "plugins", "EchoTask", "EchoTask.dll")));
        Assert.Equal(0, new HostHarness(home: home.Path).Run("echo", "--help").Code);
    }

    [Fact]
    public void Installing_a_task_that_another_folder_already_provides_says_which_one_wins()
    {
        using var home = new TempDir();
        using var work = new TempDir();
        using var path = new TempDir();
        HostHarness.InstallPlugin("EchoTask", path.Path);
        string publish = HostHarness.InstallPlugin("EchoTask", work.Path, "publish");

        var (code, output, _) = new HostHarness(home: home.Path, pluginPath: path.Path).Run("plugins", "install", publish);

        Assert.NotEqual(0, code);
        Assert.Contains($"task 'echo' is already provided by {Path.Combine(path.Path, "EchoTask")}", output);
    }

    [Fact]
    public void The_installed_echo_task_trains_evaluates_and_scores_its_metric()
    {
        using var home = new TempDir();
        using var work = new TempDir();
        HostHarness.InstallPlugin("EchoTask", Path.Combine(home.Path, ".hf-train", "plugins"));
        string output = Path.Combine(work.Path, "out");

        var (code, stdout, error) = new HostHarness(home: home.Path).Run(["echo", "--model_name_or_path", Workflow.WorkflowRun.Fixture("tiny"),
            "--do_train", "--do_eval", "--predict_with_generate", "--echo_column", "summary",
            "--train_file", Workflow.WorkflowRun.Fixture("workflow", "summarization-train.jsonl"),
            "--validation_file", Workflow.WorkflowRun.Fixture("workflow", "summarization-validation.jsonl"),
            "--max_eval_samples", "4", .. Workflow.WorkflowRun.Fast, "--output_dir", output]);

        Assert.True(code == 0, stdout + error);
        var results = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(output, "all_results.json")))!.AsObject();
        Assert.True(results.ContainsKey("train_loss") && results.ContainsKey("eval_exact_match"), results.ToJsonString());
    }

    [Fact]
    public void A_package_installs_its_lib_folder_without_the_contract_and_replaces_an_older_copy()
    {
        using var home = new TempDir();
        using var work = new TempDir();
        string stale = Directory.CreateDirectory(Path.Combine(home.Path, ".hf-train", "plugins", "EchoTask")).FullName;
        File.WriteAllText(Path.Combine(stale, "old.txt"), "from an earlier install");
        string package = Package(work.Path, "lib/net10.0/", withContract: true);

        var (code, output, error) = new HostHarness(home: home.Path).Run("plugins", "install", package);

        Assert.True(code == 0, output + error);
        Assert.Equal(["EchoTask.deps.json", "EchoTask.dll"], Directory.GetFiles(stale).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains(new HostHarness(home: home.Path).Catalog.Plugins, p => p.Name == "echo");
    }

    [Fact]
    public void A_package_without_a_net10_lib_folder_is_refused_naming_the_ones_it_has()
    {
        using var home = new TempDir();
        using var work = new TempDir();
        string package = Package(work.Path, "lib/netstandard2.0/", withContract: false);

        var (code, _, error) = new HostHarness(home: home.Path).Run("plugins", "install", package);

        Assert.NotEqual(0, code);
        Assert.Contains("has no lib/net10.0/ folder (it has lib/netstandard2.0)", error);
        Assert.False(Directory.Exists(Path.Combine(home.Path, ".hf-train", "plugins", "EchoTask")));
    }

    /// <summary>EchoTask as dotnet pack lays it out: a nuspec naming the id, the build output under <paramref name="lib"/>.</summary>
    static string Package(string folder, string lib, bool withContract)
    {
        string path = Path.Combine(folder, "EchoTask.2.3.4.nupkg");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var writer = new StreamWriter(zip.CreateEntry("EchoTask.nuspec").Open()))
            writer.Write("""<?xml version="1.0"?><package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd"><metadata><id>EchoTask</id><version>2.3.4</version></metadata></package>""");
        string build = HostHarness.TestPluginBuild("EchoTask");
        foreach (string file in new[] { "EchoTask.dll", "EchoTask.deps.json" })
            zip.CreateEntryFromFile(Path.Combine(build, file), lib + file);
        if (withContract)
            zip.CreateEntryFromFile(Path.Combine(AppContext.BaseDirectory, "HfTrain.Abstractions.dll"), lib + "HfTrain.Abstractions.dll");
        return path;
    }
}
