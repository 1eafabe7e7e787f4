using HfTrain.Abstractions;
using HfTrain.Host.Cli;

namespace HfTrain.Host.Commands;

/// <summary>
/// What a task command does once its options are checked: validate the combination as the HF scripts do,
/// then train / evaluate / predict with the engine.
/// </summary>
internal sealed class TaskJob
{
    public int Run(ITaskPlugin plugin, ParsedOptions options, TextWriter output, TextWriter error)
    {
        if (options.Bool("trust_remote_code"))
            throw new UsageException("--trust_remote_code is refused: hf-train never runs Python code from a model repository.");
        bool hasData = options.String("dataset_name") is not null || options.String("train_file") is not null
                       || options.String("validation_file") is not null || options.String("test_file") is not null;
        if (!options.Bool("do_train") && !options.Bool("do_eval") && !options.Bool("do_predict") && !options.Bool("dry_run"))
        {
            output.WriteLine("Nothing to do: pass --do_train, --do_eval, --do_predict or --dry_run.");
            return ExitCodes.Ok;
        }
        _ = hasData;
        throw new TaskInputException(
            $"hf-train {ToolVersion.Text}: running the '{plugin.Descriptor.Name}' task is not implemented yet in this build " +
            "(the command line was parsed and checked).");
    }
}
