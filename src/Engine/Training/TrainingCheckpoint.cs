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
        LossScaler scaler, TrainerState state, DataPosition position, TrainingArguments args, Action<string>? writeTokenizer,
        IReadOnlyList<byte[]>? rankRngStates = null)
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
        for (int rank = 1; rank < (rankRngStates?.Count ?? 0); rank++)
        {
            using var rng = tensor(rankRngStates![rank]);
            SafeTensors.Write(Path.Combine(dir, RankRngFile(rank)), new Dictionary<string, Tensor> { ["cpu"] = rng });
        }
        AtomicFile.WriteAllText(Path.Combine(dir, PositionFile), JsonSerializer.Serialize(position) + "\n");
        AtomicFile.WriteAllText(Path.Combine(dir, ArgumentsFile), JsonSerializer.Serialize(args, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        state.Save(Path.Combine(dir, StateFile));
    }

    /// <summary>The RNG state of rank <paramref name="rank"/> &gt; 0 (HF's rng_state_{rank}.pth); rank 0's is <see cref="RngFile"/>.</summary>
    public static string RankRngFile(int rank) => rank == 0 ? RngFile : $"rng_state_{rank}.safetensors";

    /// <summary>Restores optimizer, RNG (rank <paramref name="rank"/>'s) and position from <paramref name="dir"/>; the
    /// model weights are loaded by the caller.</summary>
    public static (TrainerState State, DataPosition Position) Restore(string dir, FlatAdamW optimizer, LossScaler scaler, int rank = 0)
    {
        foreach (string file in new[] { StateFile, OptimizerFile, SchedulerFile, RngFile, PositionFile, RankRngFile(rank) })
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
            string schedulerPath = Path.Combine(dir, SchedulerFile);
            var scheduler = JsonFile.ReadObject(schedulerPath, Fix);
            optimizer.Load(m, v, Number<int>(scheduler, "optimizer_step", schedulerPath) ?? throw Incomplete(schedulerPath, "optimizer_step"));
            if (Number<double>(scheduler, "loss_scale", schedulerPath) is { } scale)
                scaler.Restore(scale);
        }
        finally
        {
            foreach (var t in moments.Values)
                t.Dispose();
        }
        var rng = SafeTensors.Read(Path.Combine(dir, RankRngFile(rank)));
        random.set_rng_state(rng["cpu"]);
        rng["cpu"].Dispose();
        string positionPath = Path.Combine(dir, PositionFile);
        var positionJson = JsonFile.ReadObject(positionPath, Fix);
        var position = new DataPosition(
            Number<int>(positionJson, nameof(DataPosition.Epoch), positionPath) ?? throw Incomplete(positionPath, nameof(DataPosition.Epoch)),
            Number<int>(positionJson, nameof(DataPosition.MicroBatch), positionPath) ?? throw Incomplete(positionPath, nameof(DataPosition.MicroBatch)));
        if (position.Epoch < 0 || position.MicroBatch < 0)
            throw new TaskInputException($"{positionPath}: Epoch and MicroBatch must not be negative (found {position.Epoch} and {position.MicroBatch}); {Fix}.");
        return (state, position);
    }

    const string Fix = "resume from another checkpoint, or start over with --overwrite_output_dir";

    static TaskInputException Incomplete(string path, string key) =>
        new($"{path} is incomplete: it has no '{key}'; {Fix}.");

    /// <summary>A number under <paramref name="key"/>, null when absent; anything else names the file.</summary>
    static T? Number<T>(JsonObject json, string key, string path) where T : struct
    {
        if (json[key] is null)
            return null;
        if (json[key] is JsonValue value && value.TryGetValue(out T number))
            return number;
        throw new TaskInputException($"{path}: '{key}' must be a number, not {json[key]!.ToJsonString()}; {Fix}.");
    }
}
