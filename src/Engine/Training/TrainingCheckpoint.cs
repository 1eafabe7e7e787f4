using System.Text.Json;
using System.Text.Json.Nodes;
using HfTrain.Abstractions;
using HfTrain.Engine.Checkpoints;
using HfTrain.Engine.Formats;
using HfTrain.Engine.Models;
using static TorchSharp.torch;

namespace HfTrain.Engine.Training;

/// <summary>Where the data loader stands: the epoch and how many of its micro-batches were consumed.</summary>
public sealed record DataPosition(int Epoch, int MicroBatch);

/// <summary>
/// What a <c>checkpoint-N</c> holds beyond the model (transformers' layout where it has one): model.safetensors,
/// config.json, generation_config.json, tokenizer files, optimizer state, scheduler step, RNG state, the data
/// position, trainer_state.json and the resolved arguments. Enough to resume bit for bit.
/// </summary>
public static class TrainingCheckpoint
{
    public const string StateFile = "trainer_state.json";
    public const string OptimizerFile = "optimizer.safetensors";
    public const string SchedulerFile = "scheduler.json";
    public const string RngFile = "rng_state.safetensors";
    public const string PositionFile = "data_position.json";
    public const string ArgumentsFile = "training_args.json";

    public static void Write(string dir, ISeq2SeqModel model, FlatParameters flat, GenerationConfig generation, FlatAdamW optimizer,
        LossScaler scaler, TrainerState state, DataPosition position, TrainingArguments args, Action<string>? writeTokenizer)
    {
        model.Save(dir, generation, flat.HasSeparateMaster ? flat.MasterWeights() : null);   // float32 weights, always
        writeTokenizer?.Invoke(dir);
        SafeTensors.Write(Path.Combine(dir, OptimizerFile), new Dictionary<string, Tensor>
        {
            ["exp_avg"] = optimizer.ExpAvg.detach().cpu(),
            ["exp_avg_sq"] = optimizer.ExpAvgSq.detach().cpu(),
        }, new Dictionary<string, string> { ["format"] = "hf-train-flat-adamw" });
        AtomicFile.WriteAllText(Path.Combine(dir, SchedulerFile), new JsonObject { ["last_epoch"] = state.GlobalStep, ["optimizer_step"] = optimizer.Step, ["loss_scale"] = scaler.Scale }.ToJsonString() + "\n");
        SafeTensors.Write(Path.Combine(dir, RngFile), new Dictionary<string, Tensor> { ["cpu"] = random.get_rng_state() });
        AtomicFile.WriteAllText(Path.Combine(dir, PositionFile), JsonSerializer.Serialize(position) + "\n");
        AtomicFile.WriteAllText(Path.Combine(dir, ArgumentsFile), JsonSerializer.Serialize(args, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        state.Save(Path.Combine(dir, StateFile));
    }

    /// <summary>Restores optimizer, RNG and position from <paramref name="dir"/>; the model weights are loaded by the caller.</summary>
    public static (TrainerState State, DataPosition Position) Restore(string dir, FlatAdamW optimizer, LossScaler scaler)
    {
        foreach (string file in new[] { StateFile, OptimizerFile, SchedulerFile, RngFile, PositionFile })
        {
            if (!File.Exists(Path.Combine(dir, file)))
                throw new TaskInputException($"{dir} is not a complete hf-train checkpoint: {file} is missing. " +
                                             "Resume from another checkpoint, or start over with --overwrite_output_dir.");
        }
        var state = TrainerState.Load(Path.Combine(dir, StateFile));
        var moments = SafeTensors.Read(Path.Combine(dir, OptimizerFile));
        try
        {
            if (!moments.TryGetValue("exp_avg", out var m) || !moments.TryGetValue("exp_avg_sq", out var v) || m.numel() != optimizer.ExpAvg.numel())
                throw new TaskInputException($"{Path.Combine(dir, OptimizerFile)} does not match this model's parameters.");
            var scheduler = JsonFile.ReadObject(Path.Combine(dir, SchedulerFile), "resume from another checkpoint, or start over with --overwrite_output_dir");
            optimizer.Load(m, v, scheduler["optimizer_step"]!.GetValue<int>());
            if (scheduler["loss_scale"] is { } scale)
                scaler.Restore(scale.GetValue<double>());
        }
        finally
        {
            foreach (var t in moments.Values)
                t.Dispose();
        }
        var rng = SafeTensors.Read(Path.Combine(dir, RngFile));
        random.set_rng_state(rng["cpu"]);
        rng["cpu"].Dispose();
        var position = JsonFile.Read<DataPosition>(Path.Combine(dir, PositionFile), "resume from another checkpoint, or start over with --overwrite_output_dir");
        return (state, position);
    }
}
