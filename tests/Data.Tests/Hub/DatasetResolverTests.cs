using HfTrain.Abstractions;
using HfTrain.Data.Hub;

namespace HfTrain.Data.Tests.Hub;

public sealed class DatasetResolverTests
{
    private static DatasetResolver ResolverWithCache(string cacheRoot) =>
        new(new HubCache(name => name == "HF_HUB_CACHE" ? cacheRoot : null));

    [Fact]
    public void Parquet_conversion_layout_in_the_hf_cache_is_found_through_refs_main()
    {
        using var temp = new TempFolder();
        var repo = Path.Combine(temp.Root, "datasets--someone--news");
        temp.File("datasets--someone--news/refs/main", "abc123\n");
        ParquetInput.WriteSummaries(Path.Combine(repo, "snapshots/abc123/3.0.0/train-00000-of-00002.parquet"), 3);
        ParquetInput.WriteSummaries(Path.Combine(repo, "snapshots/abc123/3.0.0/train-00001-of-00002.parquet"), 2);
        ParquetInput.WriteSummaries(Path.Combine(repo, "snapshots/abc123/3.0.0/validation-00000-of-00001.parquet"), 1);
        ParquetInput.WriteSummaries(Path.Combine(repo, "snapshots/old999/3.0.0/train-00000-of-00001.parquet"), 9);

        var source = ResolverWithCache(temp.Root).Resolve("someone/news", "3.0.0");

        Assert.Equal(Path.Combine(repo, "snapshots", "abc123"), source.Root);
        Assert.Equal(5, source.Read(DataSplit.Train, "--do_train").Rows.Count);
        Assert.Single(source.Read(DataSplit.Validation, "--do_eval").Rows);
        Assert.False(source.Has(DataSplit.Test));
        var e = Assert.Throws<TaskInputException>(() => source.Read(DataSplit.Test, "--do_predict"));
        Assert.Contains("--do_predict needs a test split", e.Message);
    }

    [Fact]
    public void Config_split_folders_are_read_as_shards()
    {
        using var temp = new TempFolder();
        ParquetInput.WriteSummaries(temp.File("local/default/train/0000.parquet"), 4);
        ParquetInput.WriteSummaries(temp.File("local/default/test/0000.parquet"), 2);

        var source = ResolverWithCache(temp.Root).Resolve(Path.Combine(temp.Root, "local"), null);

        Assert.Equal(4, source.Read(DataSplit.Train, "--do_train").Rows.Count);
        Assert.Equal(2, source.Read(DataSplit.Test, "--do_predict").Rows.Count);
    }

    [Fact]
    public void Data_folder_with_dev_split_and_mixed_formats()
    {
        using var temp = new TempFolder();
        temp.File("repo/data/train-00000.jsonl", "{\"a\": \"1\"}\n{\"a\": \"2\"}\n");
        temp.File("repo/data/dev.csv", "a\nx\n");
        temp.File("repo/README.md", "# not data");

        var source = ResolverWithCache(temp.Root).Resolve(Path.Combine(temp.Root, "repo"), null);

        Assert.Equal(2, source.Read(DataSplit.Train, "--do_train").Rows.Count);
        Assert.Equal("x", source.Read(DataSplit.Validation, "--do_eval").Rows[0].Text("a"));
    }

    [Fact]
    public void Shared_data_folder_prefers_json_lines_over_the_csv_copy()
    {
        var source = ResolverWithCache("/nonexistent").Resolve(Inputs.Slice("ddtp_en_de"), null);

        Assert.EndsWith("validation.jsonl", Assert.Single(source.Files[DataSplit.Validation]));
        Assert.EndsWith("test.jsonl", Assert.Single(source.Files[DataSplit.Test]));
    }

    [Fact]
    public void Home_cache_is_used_when_no_variable_is_set()
    {
        using var temp = new TempFolder();
        temp.File(".cache/huggingface/hub/datasets--xsum/snapshots/r1/train.jsonl", "{\"document\": \"d\", \"summary\": \"s\"}\n");
        var cache = new HubCache(name => name == "HOME" ? temp.Root : null);

        var source = new DatasetResolver(cache).Resolve("xsum", null);

        Assert.Single(source.Read(DataSplit.Train, "--do_train").Rows);
    }

    [Fact]
    public void Hf_home_points_at_its_hub_folder()
    {
        var cache = new HubCache(name => name == "HF_HOME" ? "/data/hf" : null);

        Assert.Equal("/data/hf/hub/datasets--owner--set", cache.RepoFolder("owner/set"));
    }

    [Fact]
    public void Offline_miss_lists_where_it_looked()
    {
        using var temp = new TempFolder();

        var e = Assert.Throws<TaskInputException>(() => ResolverWithCache(temp.Root).Resolve("nobody/nothing", null));

        Assert.Contains("--dataset_name 'nobody/nothing'", e.Message);
        Assert.Contains(Path.Combine(temp.Root, "datasets--nobody--nothing"), e.Message);
        Assert.Contains("(local folder: not found)", e.Message);
        Assert.Contains("--train_file", e.Message);
    }

    [Fact]
    public void Unknown_config_lists_the_configs_present()
    {
        using var temp = new TempFolder();
        ParquetInput.WriteSummaries(temp.File("ds/3.0.0/train-00000-of-00001.parquet"), 1);

        var e = Assert.Throws<TaskInputException>(
            () => ResolverWithCache(temp.Root).Resolve(Path.Combine(temp.Root, "ds"), "2.0.0"));

        Assert.Contains("Configs found: 3.0.0", e.Message);
    }

    [Fact]
    public void Folder_without_split_files_is_an_error_naming_it()
    {
        using var temp = new TempFolder();
        temp.File("empty/README.md", "nothing");

        var e = Assert.Throws<TaskInputException>(
            () => ResolverWithCache(temp.Root).Resolve(Path.Combine(temp.Root, "empty"), null));

        Assert.Contains("holds no train/validation/test data files", e.Message);
    }
}
