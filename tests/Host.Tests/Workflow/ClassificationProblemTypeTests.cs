using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace HfTrain.Host.Tests.Workflow;

/// <summary>
/// run_classification.py's other problem types and data options: list labels train a multi-label classifier (BCE,
/// micro F1), float labels a regression (MSE), --shuffle_train_dataset reorders rows before --max_train_samples, and
/// --remove_columns refuses a column the data lacks.
/// </summary>
public sealed class ClassificationProblemTypeTests
{
    static readonly string Model = WorkflowRun.Fixture("tiny");

    /// <summary>The first <paramref name="count"/> validation rows of debian_sections, the label column rewritten.</summary>
    static string Data(string folder, string name, int count, Func<JsonObject, int, JsonNode?> label)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(WorkflowRun.Fixture("debian_sections", "validation.jsonl.gz")), CompressionMode.Decompress));
        var lines = new List<string>();
        for (int i = 0; i < count; i++)
        {
            var row = JsonNode.Parse(reader.ReadLine()!)!.AsObject();
            row["label"] = label(row, i);
            lines.Add(row.ToJsonString());
        }
        string path = Path.Combine(folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    static string[] Run(string train, string validation) =>
    [
        "classification", "--model_name_or_path", Model, "--do_train", "--do_eval", "--do_predict", "--train_file", train,
        "--validation_file", validation, "--test_file", validation, "--text_column_names", "text", "--max_seq_length", "32",
        "--per_device_train_batch_size", "8", "--per_device_eval_batch_size", "8", "--max_steps", "3", "--learning_rate", "1e-3",
        "--logging_steps", "1", "--seed", "0", "--use_cpu",
    ];

    [Fact]
    public void List_labels_train_a_multi_label_classifier_scored_by_micro_f1()
    {
        using var dir = new TempDir();
        // the section, plus "long" for descriptions over 300 characters (some rows get both kinds, some one)
        JsonNode Labels(JsonObject row, int i) => new JsonArray([.. new[] { (string)row["label"]! }
            .Concat(((string)row["text"]!).Length > 300 ? ["long"] : []).Select(l => JsonValue.Create(l))]);
        string train = Data(dir.Path, "train.jsonl", 40, Labels), validation = Data(dir.Path, "validation.jsonl", 12, Labels);
        using var run = new WorkflowRun();
        var (code, output, error) = run.Run(Run(train, validation));
        Assert.True(code == 0, output + error);
        var config = run.Results("config.json");
        Assert.Equal("multi_label_classification", (string)config["problem_type"]!);
        var names = config["id2label"]!.AsObject().Select(kv => (string)kv.Value!).ToList();
        Assert.Contains("long", names);
        var results = run.Results();
        Assert.True(results.ContainsKey("eval_f1"), results.ToJsonString());
        Assert.InRange((double)results["eval_f1"]!, 0, 1);
        var lines = File.ReadAllLines(Path.Combine(run.OutputDir, "predict_results.txt"));
        Assert.Equal(13, lines.Length);
        Assert.All(lines.Skip(1), line => Assert.Matches(@"^\d+\t\[('[^']+'(, '[^']+')*)?\]$", line));   // Python's list of str
        Assert.False(File.Exists(Path.Combine(run.OutputDir, "confusion_matrix.csv")));
    }

    [Fact]
    public void Float_labels_train_a_regression_scored_by_mse()
    {
        using var dir = new TempDir();
        JsonNode Length(JsonObject row, int i) => JsonValue.Create(((string)row["text"]!).Length / 1000.0);
        string train = Data(dir.Path, "train.jsonl", 40, Length), validation = Data(dir.Path, "validation.jsonl", 12, Length);
        using var run = new WorkflowRun();
        var (code, output, error) = run.Run(Run(train, validation));
        Assert.True(code == 0, output + error);
        var config = run.Results("config.json");
        Assert.Equal("regression", (string)config["problem_type"]!);
        Assert.Single(config["id2label"]!.AsObject());
        var results = run.Results();
        Assert.True(results.ContainsKey("eval_mse"), results.ToJsonString());
        Assert.True((double)results["eval_mse"]! >= 0);
        var lines = File.ReadAllLines(Path.Combine(run.OutputDir, "predict_results.txt"));
        Assert.Equal(13, lines.Length);
        Assert.All(lines.Skip(1), line => Assert.Matches(@"^\d+\t-?\d+\.\d{3}$", line));                   // f"{item:3.3f}"
    }

    [Fact]
    public void Shuffle_train_dataset_draws_max_train_samples_from_the_whole_file()
    {
        using var dir = new TempDir();
        // the first 20 rows are "a", the last 20 "b": the first 8 rows hold one label, 8 shuffled rows both
        string train = Data(dir.Path, "train.jsonl", 40, (_, i) => JsonValue.Create(i < 20 ? "a" : "b"));
        string[] args = ["classification", "--model_name_or_path", Model, "--do_train", "--train_file", train, "--text_column_names", "text",
            "--max_seq_length", "16", "--max_train_samples", "8", "--per_device_train_batch_size", "8", "--max_steps", "1", "--use_cpu"];

        using var plain = new WorkflowRun();
        var (code, output, error) = plain.Run(args);
        Assert.True(code != 0, output);
        Assert.Contains("You need more than one label", error);

        using var shuffled = new WorkflowRun();
        (code, output, error) = shuffled.Run([.. args, "--shuffle_train_dataset", "--shuffle_seed", "3"]);
        Assert.True(code == 0, output + error);
        Assert.Equal(2, shuffled.Results("config.json")["id2label"]!.AsObject().Count);
    }

    [Fact]
    public void Remove_columns_refuses_a_column_the_data_does_not_have()
    {
        using var run = new WorkflowRun();
        var (code, output, error) = run.Run([.. Run(WorkflowRun.Fixture("debian_sections", "validation.jsonl.gz"), WorkflowRun.Fixture("debian_sections", "validation.jsonl.gz")),
            "--remove_columns", "id,homepage"]);
        Assert.True(code != 0, output);
        Assert.Contains("--remove_columns 'homepage': no such column", error);
        Assert.Contains("its columns are: id, text, label", error);
        Assert.DoesNotContain("   at ", error);
    }
}
