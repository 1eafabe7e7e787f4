using HfTrain.Abstractions;
using HfTrain.Host.Hub;
using HfTrain.Host.Jobs;
using HfTrain.Hub.Client;
using HfTrain.Hub.Protocol;

namespace HfTrain.Host.Tests.Hub;

/// <summary><c>--dataset_name org/name</c> on a real <c>hub serve</c>: card configs, default split patterns, the parquet branch.</summary>
public sealed class HubDatasetTests
{
    const string Row = "{\"text\": \"t\", \"summary\": \"s\"}\n";
    static readonly RepoId Data = RepoId.Parse("org/data", RepoType.Dataset);

    static HfTrain.Data.Hub.DatasetSource Resolve(HubHost hub, string? config = null)
    {
        using var scope = HubScope.Use(hub.Settings());
        return HubDatasetFiles.Resolve(Data.Id, config, null)!;
    }

    [Fact]
    public async Task The_cards_configs_choose_the_files_of_each_split()
    {
        await using var hub = new HubHost();
        hub.Publish(Data, hub.Folder(new Dictionary<string, string>
        {
            ["README.md"] = """
                ---
                license: mit
                configs:
                - config_name: default
                  data_files:
                  - split: train
                    path: "csv/tr_*.jsonl"
                  - split: validation
                    path: csv/held.jsonl
                - config_name: small
                  data_files: small/*.jsonl
                ---
                # Data
                """,
            ["csv/tr_1.jsonl"] = Row, ["csv/tr_2.jsonl"] = Row, ["csv/held.jsonl"] = Row,
            ["small/only.jsonl"] = Row, ["data/train-00000-of-00001.jsonl"] = Row,
        }));
        var source = Resolve(hub);
        Assert.Equal(["tr_1.jsonl", "tr_2.jsonl"], source.Files[DataSplit.Train].Select(Path.GetFileName));
        Assert.Equal(["held.jsonl"], source.Files[DataSplit.Validation].Select(Path.GetFileName));
        Assert.False(source.Has(DataSplit.Test));
        Assert.Equal(["only.jsonl"], Resolve(hub, "small").Files[DataSplit.Train].Select(Path.GetFileName));

        var missing = Assert.Throws<TaskInputException>(() => Resolve(hub, "nope"));
        Assert.Contains("default, small", missing.Message);
    }

    [Fact]
    public async Task Without_configs_the_default_split_patterns_apply()
    {
        await using var hub = new HubHost();
        hub.Publish(Data, hub.Folder(new Dictionary<string, string>
        {
            ["README.md"] = "# no front matter",
            ["data/train-00000-of-00002.jsonl"] = Row, ["data/train-00001-of-00002.jsonl"] = Row,
            ["data/validation-00000-of-00001.jsonl"] = Row, ["data/test-00000-of-00001.jsonl"] = Row,
        }));
        var source = Resolve(hub);
        Assert.Equal(2, source.Files[DataSplit.Train].Count);
        Assert.Single(source.Files[DataSplit.Validation]);
        Assert.Single(source.Files[DataSplit.Test]);
        Assert.All(source.Files.Values.SelectMany(f => f), f => Assert.Contains("datasets--org--data", f));
        Assert.Single(source.Read(DataSplit.Test, "--do_predict").Rows);

        using var offline = HubScope.Use(hub.Settings(offline: true));
        var cached = HubDatasetFiles.Resolve(Data.Id, null, null)!;
        Assert.Equal(source.Files[DataSplit.Train].Select(Path.GetFileName), cached.Files[DataSplit.Train].Select(Path.GetFileName));
        var missing = Assert.Throws<TaskInputException>(() => HubDatasetFiles.Resolve("org/absent", null, null));
        Assert.Contains("HF_HUB_OFFLINE", missing.Message);
    }

    [Fact]
    public async Task A_script_dataset_reads_the_parquet_branch_or_says_what_to_do()
    {
        await using var hub = new HubHost();
        hub.Publish(Data, hub.Folder(new Dictionary<string, string> { ["data.py"] = "import datasets" }));
        var refused = Assert.Throws<TaskInputException>(() => Resolve(hub));
        Assert.Contains("hf-train never runs dataset scripts", refused.Message);
        Assert.Contains("--train_file", refused.Message);

        using (var http = new HubHttp(hub.Settings()))
        {
            using var created = await http.SendCheckedAsync(
                new Uri($"{http.Settings.Endpoint}/{Data.ApiPath}/branch/{Revision.Encode(Revision.ConvertParquet)}"),
                u => new HttpRequestMessage(HttpMethod.Post, u), "create branch");
        }
        var parquetFolder = hub.Folder(new Dictionary<string, string>());
        Directory.CreateDirectory(Path.Combine(parquetFolder, "default", "train"));
        File.WriteAllText(Path.Combine(parquetFolder, "default", "train", "0000.parquet"), "not read here");
        hub.Publish(Data, parquetFolder, Revision.ConvertParquet);
        var source = Resolve(hub);
        Assert.Equal(["0000.parquet"], source.Files[DataSplit.Train].Select(Path.GetFileName));
    }
}
