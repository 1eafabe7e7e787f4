using HfTrain.Abstractions;
using HfTrain.Data.Files;
using HfTrain.Data.Hub;
using HfTrain.Data.Samples;

namespace HfTrain.Data;

/// <summary>The dataset options of run_summarization.py/run_translation.py, as given on the command line.</summary>
public sealed record DatasetOptions(
    string? DatasetName = null,
    string? DatasetConfigName = null,
    string? TrainFile = null,
    string? ValidationFile = null,
    string? TestFile = null);

/// <summary>
/// Where each split's rows come from: <c>--dataset_name</c> (resolved offline by <see cref="DatasetResolver"/>),
/// else <c>--train_file</c>/<c>--validation_file</c>/<c>--test_file</c> (a file given next to --dataset_name
/// replaces that split), else, when neither is given, the task's embedded sample (<see cref="EmbeddedSamples"/>).
/// Only the splits asked for are read.
/// </summary>
public static class DatasetInputs
{
    /// <summary>The rows of <paramref name="split"/>; <paramref name="option"/> (e.g. "--do_eval") names who needs it
    /// in the error when nothing provides the split.</summary>
    public static DatasetFile Load(DatasetOptions options, DataSplit split, string task, string option, DatasetResolver? resolver = null)
    {
        var file = split switch
        {
            DataSplit.Train => options.TrainFile,
            DataSplit.Validation => options.ValidationFile,
            _ => options.TestFile,
        };
        if (file is not null)
            return DatasetReader.Read(file).RequireRows(option);
        if (options.DatasetName is not null)
            return (resolver ?? new DatasetResolver())
                .Resolve(options.DatasetName, options.DatasetConfigName)
                .Read(split, option)
                .RequireRows(option);
        if (options.TrainFile is null && options.ValidationFile is null && options.TestFile is null)
            return EmbeddedSamples.Open(task, split);
        throw new TaskInputException(
            $"{option} requires a {(split == DataSplit.Train ? "train" : split == DataSplit.Validation ? "validation" : "test")} dataset: pass --{SplitNames.Canonical(split)}_file " +
            "(or --dataset_name for a dataset that has one).");
    }
}
