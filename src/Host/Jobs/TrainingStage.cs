using HfTrain.Abstractions;
using HfTrain.Engine.Models;
using HfTrain.Engine.Runs;
using HfTrain.Engine.Training;
using HfTrain.Host.Options;

namespace HfTrain.Host.Jobs;

/// <summary>
/// trainer.train() and trainer.save_model() as every job's main() runs them: the live progress line and Ctrl+C /
/// SIGTERM wired into the trainer's hooks, training errors a user can fix turned into messages, then — on the main
/// process only (HF's should_save) — the float32 weights, the tokenizer, train_results.json and trainer_state.json.
/// </summary>
internal sealed record TrainingStage(ParsedOptions Options, TrainingArguments Args, RunContext Run, RunLog Log, TextWriter Output, TextWriter Error)
{
    /// <param name="hooks">the job's hooks (tokenizer, generation config, evaluation, reports, pushes); the stage adds
    /// the progress display and the stop request.</param>
    /// <param name="savedGeneration">the generation config written beside the final model; null for a head that has none.</param>
    /// <param name="model">what the model is, for the message when a checkpoint belongs to another model.</param>
    /// <returns>the final trainer state; null when a stop request interrupted training (the job exits 130).</returns>
    public TrainerState? Train(ISeq2SeqModel model, IReadOnlyList<Seq2SeqExample> examples, string? resume, TrainerHooks hooks,
        GenerationConfig? savedGeneration, string modelDescription)
    {
        using var interruption = new Interruption(Error);
        // HF: disable_tqdm defaults to true when the log level is above warning
        using var progress = ProgressDisplay.For(Run.IsMainProcess ? Output : TextWriter.Null, Options["disable_tqdm"] as bool? ?? Log.Level > LogLevel.Warning);
        hooks = hooks with { Log = line => progress.Line(Output, line), OnStep = progress.Step, Stop = interruption.Token };
        TrainResult result;
        try
        {
            result = new Seq2SeqTrainer(model, Args, hooks, Run).Train(examples, TrainBatches.For(examples, Args, Run), resume);
        }
        catch (NonFiniteLossException e)
        {
            throw new TaskInputException(e.Message);
        }
        catch (CheckpointMismatchException e)
        {
            throw new TaskInputException(
                $"{e.Message} ({modelDescription}): the checkpoint belongs to another model. Resume with the " +
                "--model_name_or_path/--config_name it was trained from, or start over with --overwrite_output_dir.");
        }
        progress.Dispose();
        if (result.Outcome == TrainOutcome.Interrupted)
            return null;
        if (Run.IsMainProcess)
            model.Save(Args.OutputDir, savedGeneration, result.MasterWeights);   // trainer.save_model(): float32 weights
        foreach (var tensor in result.MasterWeights?.Values ?? [])
            tensor.Dispose();
        var metrics = new Dictionary<string, double>(result.Metrics) { ["train_samples"] = examples.Count };
        Log.Always(ResultFiles.Format("train", metrics));
        if (Run.IsMainProcess)
        {
            hooks.WriteTokenizer?.Invoke(Args.OutputDir);
            ResultFiles.SaveMetrics(Args.OutputDir, "train", metrics);
            result.State.Save(Path.Combine(Args.OutputDir, TrainingCheckpoint.StateFile));
        }
        return result.State;
    }
}
