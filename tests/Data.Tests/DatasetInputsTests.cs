using HfTrain.Abstractions;

namespace HfTrain.Data.Tests;

public sealed class DatasetInputsTests
{
    [Fact]
    public void Files_win_and_each_split_reads_its_own_file()
    {
        var options = new DatasetOptions(TrainFile: Inputs.Path("tiny.jsonl"), ValidationFile: Inputs.Path("tiny.csv"));

        Assert.Equal(3, DatasetInputs.Load(options, DataSplit.Train, "summarization", "--do_train").Rows.Count);
        Assert.Equal(4, DatasetInputs.Load(options, DataSplit.Validation, "summarization", "--do_eval").Rows.Count);
    }

    [Fact]
    public void Missing_split_file_names_the_option_to_add()
    {
        var options = new DatasetOptions(TrainFile: Inputs.Path("tiny.jsonl"));

        var e = Assert.Throws<TaskInputException>(() => DatasetInputs.Load(options, DataSplit.Test, "summarization", "--do_predict"));

        Assert.Contains("--do_predict requires a test dataset: pass --test_file", e.Message);
    }

    [Fact]
    public void No_data_options_fall_back_to_the_embedded_sample()
    {
        var file = DatasetInputs.Load(new DatasetOptions(), DataSplit.Validation, "translation", "--do_eval");

        Assert.Equal(200, file.Rows.Count);
    }

    [Fact]
    public void Dataset_name_reads_a_local_hub_like_folder()
    {
        var options = new DatasetOptions(DatasetName: Inputs.Slice("debian_desc_summarization"));

        Assert.Equal(40, DatasetInputs.Load(options, DataSplit.Test, "summarization", "--do_predict").Rows.Count);
    }

    [Fact]
    public void Empty_file_for_a_split_is_reported()
    {
        var options = new DatasetOptions(TrainFile: Inputs.Path("empty.jsonl"));

        var e = Assert.Throws<TaskInputException>(() => DatasetInputs.Load(options, DataSplit.Train, "summarization", "--do_train"));

        Assert.Contains("holds no rows", e.Message);
    }
}
