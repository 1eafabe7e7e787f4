using HfTrain.Engine.Models;

namespace HfTrain.Engine.Training;

/// <summary>What the trainer needs from its caller, as plain delegates (the trainer knows no task or file format).</summary>
public sealed record TrainerHooks
{
    /// <summary>Prints a log line (HF prints the log dict; hf-train adds progress).</summary>
    public Action<string> Log { get; init; } = _ => { };

    /// <summary>Writes the tokenizer files into a checkpoint or output folder.</summary>
    public Action<string>? WriteTokenizer { get; init; }

    /// <summary>Evaluates the model on the validation set: metrics with the "eval_" prefix.</summary>
    public Func<IReadOnlyDictionary<string, double>>? Evaluate { get; init; }

    /// <summary>The generation config saved with checkpoints.</summary>
    public required GenerationConfig Generation { get; init; }

    /// <summary>Called with each entry appended to the log history (e.g. TensorBoard, --report_to tensorboard).</summary>
    public Action<System.Text.Json.Nodes.JsonObject>? OnLogEntry { get; init; }

    /// <summary>After every optimizer step (no device sync): for a live progress display.</summary>
    public Action<StepProgress>? OnStep { get; init; }

    /// <summary>After the main process saved a checkpoint folder (e.g. the Hub push of --hub_strategy every_save);
    /// must return quickly: training waits for it.</summary>
    public Action<string>? OnSave { get; init; }

    /// <summary>Set on Ctrl+C / SIGTERM: the trainer saves a checkpoint at the next optimizer step and stops.</summary>
    public CancellationToken Stop { get; init; }
}

/// <summary>Where training stands after a step; <paramref name="LastLoss"/> is the last logged loss (null before the first log).</summary>
public sealed record StepProgress(int Step, int TotalSteps, double Epoch, double LearningRate, double? LastLoss, long Samples, TimeSpan Elapsed);

/// <summary>How training ended.</summary>
public enum TrainOutcome
{
    Completed,
    EarlyStopped,
    Interrupted,
}

/// <summary>The result of <see cref="Seq2SeqTrainer.Train"/>: train_* metrics as HF names them, and the final state.</summary>
/// <remarks><see cref="MasterWeights"/>: the float32 weights of a bf16/fp16 run (to save; the model holds their
/// low-precision copy), null in float32 training. The caller disposes them.</remarks>
public sealed record TrainResult(TrainOutcome Outcome, IReadOnlyDictionary<string, double> Metrics, TrainerState State, string? LastCheckpoint,
    IReadOnlyDictionary<string, TorchSharp.torch.Tensor>? MasterWeights = null);

/// <summary>Training produced a NaN or infinite loss; the message names the step and the last good checkpoint.</summary>
public sealed class NonFiniteLossException(string message) : Exception(message);

/// <summary>A checkpoint's tensor whose shape differs from the model's parameter: resuming into another model (the
/// job names the model's folder too).</summary>
public sealed class CheckpointMismatchException(string tensor, long[] modelShape, long[] checkpointShape, string checkpoint)
    : Exception($"{checkpoint}: tensor '{tensor}' has shape [{string.Join(", ", checkpointShape)}] but the model's is [{string.Join(", ", modelShape)}]")
{
    public string Tensor => tensor;

    public string Checkpoint => checkpoint;
}
