using HfTrain.Abstractions;
using HfTrain.Engine.Registry;

namespace HfTrain.Host.Tests;

/// <summary>
/// The model seam (docs/ARCHITECTURE.md): trainer, evaluator, generation and checkpoints see only the model
/// interface, and a model is built through the registry keyed on config.json's model_type.
/// </summary>
public sealed class ModelSeamTests
{
    const string Family = "HfTrain.Engine.Models.T5";

    [Theory]
    [InlineData("HfTrain.Engine.Training")]
    [InlineData("HfTrain.Engine.Evaluation")]
    [InlineData("HfTrain.Engine.Generation")]
    [InlineData("HfTrain.Engine.Checkpoints")]
    [InlineData("HfTrain.Engine.Batches")]
    public void Family_agnostic_namespaces_reference_no_T5_type(string space)
    {
        var edges = NamespaceGraph.Read(Path.Combine(AppContext.BaseDirectory, "HfTrain.Engine.dll"));
        Assert.Contains(edges.Keys, e => e.From == space);                     // the namespace is there and read
        var toT5 = edges.Where(e => e.Key.From == space && e.Key.To.StartsWith(Family, StringComparison.Ordinal)).Select(e => e.Value).ToList();
        Assert.True(toT5.Count == 0, string.Join("\n", toT5));
    }

    [Fact]
    public void The_graph_sees_the_registry_use_T5()
    {
        var edges = NamespaceGraph.Read(Path.Combine(AppContext.BaseDirectory, "HfTrain.Engine.dll"));
        Assert.Contains(edges.Keys, e => e.From == "HfTrain.Engine.Registry" && e.To == Family);
    }

    [Fact]
    public void An_unknown_model_type_is_refused_naming_the_key_the_file_and_the_families()
    {
        using var dir = new TempDir();
        string config = WriteLlamaConfig(dir.Path);
        var error = Assert.Throws<TaskInputException>(() => ModelRegistry.ReadConfig(config));
        AssertNamesEverything(error.Message, config);
        Assert.Throws<TaskInputException>(() => ModelRegistry.Load(dir.Path));
    }

    [Fact]
    public void The_command_line_refuses_an_unknown_model_type_with_exit_code_2()
    {
        using var dir = new TempDir();
        string model = Directory.CreateDirectory(Path.Combine(dir.Path, "model")).FullName;
        string config = WriteLlamaConfig(model);
        string train = Path.Combine(dir.Path, "train.csv");
        File.WriteAllText(train, "document,summary\nA long text.,Short.\n");
        var (code, _, error) = new HostHarness().Run("summarization", "--model_name_or_path", model, "--do_train",
            "--train_file", train, "--output_dir", Path.Combine(dir.Path, "out"));
        Assert.Equal(2, code);
        AssertNamesEverything(error, config);
    }

    [Fact]
    public void The_registry_builds_t5_from_its_config()
    {
        string tiny = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiny");
        Assert.Equal(["t5"], ModelRegistry.Families.Select(f => f.ModelType));
        using var model = ModelRegistry.Load(tiny);
        Assert.Equal(ModelRegistry.ReadConfig(Path.Combine(tiny, "config.json")).Tokens, model.Tokens);
    }

    static string WriteLlamaConfig(string folder)
    {
        string path = Path.Combine(folder, "config.json");
        File.WriteAllText(path, """{"model_type": "llama", "vocab_size": 32000}""");
        return path;
    }

    static void AssertNamesEverything(string message, string config)
    {
        Assert.Contains("model_type", message);
        Assert.Contains("\"llama\"", message);
        Assert.Contains(config, message);
        Assert.Contains("t5", message);
    }
}
