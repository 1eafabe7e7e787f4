using HfTrain.Hub.Client;

namespace HfTrain.Hub.Tests.Client;

public sealed class DatasetDataFilesTests
{
    [Fact]
    public void Front_matter_configs_are_read_as_dataset_cards_write_them()
    {
        var card = FrontMatter.Read("""
            ---
            language:
            - en
            configs:  # the data
            - config_name: default
              default: true
              data_files:
              - split: train
                path:
                - "a/train-*.parquet"
                - b/extra.parquet
              - split: test
                path: a/test.parquet
            - config_name: other
              data_files: [x/*.csv, y/*.csv]
            ---
            body
            """);
        Assert.Equal(["default", "other"], DatasetDataFiles.ConfigNames(card));
        string[] files = ["a/train-0.parquet", "a/train-1.parquet", "b/extra.parquet", "a/test.parquet", "x/1.csv", "y/2.csv", "z/3.csv"];
        var plan = DatasetDataFiles.FromCard(card, null, files, "c0", "org/d")!;
        Assert.Equal(["a/train-0.parquet", "a/train-1.parquet", "b/extra.parquet"], plan.Splits["train"]);
        Assert.Equal(["a/test.parquet"], plan.Splits["test"]);
        Assert.Equal(["x/1.csv", "y/2.csv"], DatasetDataFiles.FromCard(card, "other", files, "c0", "org/d")!.Splits["train"]);
        Assert.Throws<HubClientException>(() => DatasetDataFiles.FromCard(card, "missing", files, "c0", "org/d"));
        Assert.Null(DatasetDataFiles.FromCard(FrontMatter.Read("# no front matter"), null, files, "c0", "org/d"));
    }

    [Fact]
    public void Default_patterns_try_shards_then_folders_then_file_names()
    {
        var shards = DatasetDataFiles.FromDefaultPatterns(
            ["data/train-00000-of-00001.parquet", "data/validation-00000-of-00001.parquet", "train.csv", "README.md"], "c")!;
        Assert.Equal(["data/train-00000-of-00001.parquet"], shards.Splits["train"]);
        Assert.Equal(["data/validation-00000-of-00001.parquet"], shards.Splits["validation"]);

        var folders = DatasetDataFiles.FromDefaultPatterns(["train/a.jsonl", "dev/b.jsonl", "my_test.jsonl"], "c")!;
        Assert.Equal(["train/a.jsonl"], folders.Splits["train"]);
        Assert.Equal(["dev/b.jsonl"], folders.Splits["validation"]);

        var names = DatasetDataFiles.FromDefaultPatterns(["my_train.csv", "my_valid.csv", "eval.csv", "notes.txt.md"], "c")!;
        Assert.Equal(["my_train.csv"], names.Splits["train"]);
        Assert.Equal(["my_valid.csv"], names.Splits["validation"]);
        Assert.Equal(["eval.csv"], names.Splits["test"]);

        var plain = DatasetDataFiles.FromDefaultPatterns(["stuff.jsonl"], "c")!;
        Assert.Equal(["stuff.jsonl"], plain.Splits["train"]);
        Assert.Null(DatasetDataFiles.FromDefaultPatterns(["script.py", "README.md"], "c"));
    }

    [Fact]
    public void The_parquet_branch_is_config_split_files()
    {
        var plan = DatasetDataFiles.FromParquetBranch(
            ["default/train/0000.parquet", "default/train/0001.parquet", "default/validation/0000.parquet", "other/train/0000.parquet"], null, "p")!;
        Assert.Equal(2, plan.Splits["train"].Count);
        Assert.Single(plan.Splits["validation"]);
        Assert.Null(DatasetDataFiles.FromParquetBranch(["default/train/0000.parquet"], "missing", "p"));
    }
}
