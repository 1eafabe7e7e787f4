using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using HfTrain.Engine.Formats;

namespace HfTrain.Engine.Training;

/// <summary>
/// trainer_state.json exactly as transformers' TrainerState writes it (its field names; transformers can load it),
/// so tools that read HF training logs read ours.
/// </summary>
public sealed class TrainerState
{
    [JsonPropertyName("best_global_step")] public int? BestGlobalStep { get; set; }
    [JsonPropertyName("best_metric")] public double? BestMetric { get; set; }
    [JsonPropertyName("best_model_checkpoint")] public string? BestModelCheckpoint { get; set; }
    [JsonPropertyName("epoch")] public double Epoch { get; set; }
    [JsonPropertyName("eval_steps")] public int EvalSteps { get; set; }
    [JsonPropertyName("global_step")] public int GlobalStep { get; set; }
    [JsonPropertyName("is_hyper_param_search")] public bool IsHyperParamSearch { get; set; }
    [JsonPropertyName("is_local_process_zero")] public bool IsLocalProcessZero { get; set; } = true;
    [JsonPropertyName("is_world_process_zero")] public bool IsWorldProcessZero { get; set; } = true;
    [JsonPropertyName("log_history")] public List<JsonObject> LogHistory { get; set; } = [];
    [JsonPropertyName("logging_steps")] public int LoggingSteps { get; set; }
    [JsonPropertyName("max_steps")] public int MaxSteps { get; set; }
    [JsonPropertyName("num_input_tokens_seen")] public long NumInputTokensSeen { get; set; }
    [JsonPropertyName("num_train_epochs")] public int NumTrainEpochs { get; set; }
    [JsonPropertyName("save_steps")] public int SaveSteps { get; set; }
    [JsonPropertyName("stateful_callbacks")] public JsonObject StatefulCallbacks { get; set; } = [];
    [JsonPropertyName("total_flos")] public double TotalFlos { get; set; }
    [JsonPropertyName("train_batch_size")] public int TrainBatchSize { get; set; }
    [JsonPropertyName("trial_name")] public string? TrialName { get; set; }
    [JsonPropertyName("trial_params")] public JsonObject? TrialParams { get; set; }

    static readonly JsonSerializerOptions Options = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Options) + "\n");

    public static TrainerState Load(string path) =>
        JsonFile.Read<TrainerState>(path, "resume from another checkpoint, or start over with --overwrite_output_dir", Options);
}
