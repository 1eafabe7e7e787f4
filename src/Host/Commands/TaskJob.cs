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
        if (plugin.Descriptor.Head != ModelHead.Seq2SeqLM)
            throw new TaskInputException($"task '{plugin.Descriptor.Name}' asks for a {plugin.Descriptor.Head} head, which this hf-train cannot build.");
        return new Jobs.Seq2SeqJob(plugin, options, output, error).Run();
    }
}
