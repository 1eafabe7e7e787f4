using System.Text.Json.Nodes;
using HfTrain.Engine.Reporting;
using HfTrain.Engine.Training;
using Snapshooter.Xunit;

namespace HfTrain.Engine.Tests.Reporting;

public sealed class ModelCardTests
{
    // A short summarization run as Seq2SeqTrainer logs it: two logging steps per eval, an eval per epoch,
    // the final training summary, then the trainer.evaluate() at the end of run_summarization.
    static List<JsonObject> History() =>
    [
        new() { ["loss"] = 3.91234567, ["grad_norm"] = 2.5, ["learning_rate"] = 4.5e-05, ["epoch"] = 0.5, ["step"] = 10 },
        new() { ["loss"] = 3.25, ["grad_norm"] = 1.75, ["learning_rate"] = 4e-05, ["epoch"] = 1.0, ["step"] = 20 },
        Eval(2.876543, 21.123456, 1.0, 20),
        new() { ["loss"] = 2.80001, ["grad_norm"] = 1.5, ["learning_rate"] = 3e-05, ["epoch"] = 1.5, ["step"] = 30 },
        Eval(2.5, 24.75, 2.0, 40),
        new() { ["train_runtime"] = 12.3456, ["train_samples_per_second"] = 51.8, ["train_steps_per_second"] = 3.24, ["total_flos"] = 1234L, ["train_loss"] = 3.1, ["epoch"] = 2.0, ["step"] = 40 },
        Eval(2.5, 24.75, 2.0, 40),
    ];

    static JsonObject Eval(double loss, double rouge1, double epoch, int step) => new()
    {
        ["eval_loss"] = loss, ["eval_rouge1"] = rouge1, ["eval_rouge2"] = 7.5, ["eval_rougeL"] = 19.25, ["eval_rougeLsum"] = 19.3,
        ["eval_gen_len"] = 18.6, ["eval_runtime"] = 1.5, ["eval_samples_per_second"] = 66.7, ["eval_steps_per_second"] = 8.3,
        ["epoch"] = epoch, ["step"] = step,
    };

    static ModelCardInfo Info(string? datasetTag) => new()
    {
        ModelName = "t5-small-debian-summarization",
        BaseModel = "google-t5/t5-small",
        Task = "summarization",
        DatasetName = datasetTag is null ? null : datasetTag + " default",
        DatasetTag = datasetTag,
        DatasetArgs = datasetTag is null ? null : "default",
        License = "apache-2.0",
        Hyperparameters = ModelCardHyperparameters.From(new TrainingArguments
        {
            OutputDir = "out", LearningRate = 5e-5, TrainBatchSize = 8, EvalBatchSize = 16, GradientAccumulationSteps = 2,
            WarmupSteps = 100, NumTrainEpochs = 2,
        }),
        LogHistory = History(),
        FrameworkVersions = [new("hf-train", "0.1.0"), new("TorchSharp", "0.107.0"), new("libtorch", "2.10.0"), new(".NET", "10.0.0")],
    };

    [Fact]
    public void Card_for_a_hub_dataset_matches_the_snapshot() => Snapshot.Match(ModelCard.Render(Info("debian_desc")));

    [Fact]
    public void Local_files_give_an_unknown_dataset_and_an_empty_model_index_as_in_transformers()
    {
        var card = ModelCard.Render(Info(null));
        Assert.Contains("on an unknown dataset.", card);
        Assert.Contains("model-index:\n- name: t5-small-debian-summarization\n  results: []\n", card);
        Assert.DoesNotContain("datasets:", card);
        Assert.Contains("metrics:\n- rouge\n", card);
    }

    [Fact]
    public void A_local_base_model_is_named_by_its_folder_and_neither_linked_nor_tagged()
    {
        var card = ModelCard.Render(Info(null) with { BaseModel = null, LocalBaseModel = "tiny-t5" });
        Assert.Contains("This model is a fine-tuned version of tiny-t5 (a local model folder) on an unknown dataset.", card);
        Assert.DoesNotContain("huggingface.co", card);
        Assert.DoesNotContain("base_model:", card);
    }

    [Fact]
    public void A_plugin_task_card_carries_an_empty_results_list_as_transformers_writes_it()
    {
        var card = ModelCard.Render(Info(null) with { Task = "headline" });
        Assert.Contains("model-index:\n- name: t5-small-debian-summarization\n  results: []\n", card);
    }

    [Fact]
    public void Results_table_has_one_row_per_evaluation_before_the_training_summary()
    {
        var card = ModelCard.Render(Info(null));
        var table = card.Split('\n').Where(l => l.StartsWith('|')).ToList();
        Assert.Equal(4, table.Count); // header, alignment, two evaluations (the final evaluate() is after train_runtime)
        Assert.Equal(["Training Loss", "Epoch", "Step", "Validation Loss", "Rouge1", "Rouge2", "Rougel", "Rougelsum", "Gen Len"],
                     table[0].Trim('|').Split('|').Select(c => c.Trim()));
        Assert.StartsWith("| 3.25          | 1.0   | 20   | 2.8765          | 21.1235 |", table[2]);
        Assert.StartsWith("| 2.8000        | 2.0   | 40   | 2.5             | 24.75   |", table[3]); // _maybe_round(2.80001)
    }

    [Fact]
    public void No_training_summary_means_no_results_table_but_still_the_last_evaluation()
    {
        var card = ModelCard.Render(Info(null) with { LogHistory = [Eval(1.25, 30, 1.0, 5)] });
        Assert.DoesNotContain("### Training results", card);
        Assert.Contains("- Loss: 1.25\n- Rouge1: 30.0\n", card);
    }

    [Fact]
    public void Hyperparameters_follow_extract_hyperparameters_from_trainer()
    {
        var h = ModelCardHyperparameters.From(new TrainingArguments { OutputDir = "o", MaxSteps = 200 });
        Assert.Equal(["learning_rate", "train_batch_size", "eval_batch_size", "seed", "optimizer", "lr_scheduler_type", "training_steps"], h.Select(kv => kv.Key));
        Assert.Equal("5e-05", h[0].Value);
        Assert.Equal("Use OptimizerNames.ADAMW_TORCH with betas=(0.9,0.999) and epsilon=1e-08 and optimizer_args=No additional optimizer arguments", h[4].Value);
    }

    [Fact]
    public void Detected_versions_name_the_four_frameworks()
    {
        var versions = FrameworkVersions.Detect();
        Assert.Equal(["hf-train", "TorchSharp", "libtorch", ".NET"], versions.Select(v => v.Key));
        Assert.All(versions, v => Assert.Matches(@"^\d+\.\d+", v.Value));
    }

    [Fact]
    public void A_log_history_reloaded_from_trainer_state_json_renders_the_same_card()
    {
        // System.Text.Json writes 1.0 as 1: the card must still say "1.0" for epochs and "20" for steps, as after a resume.
        var reloaded = History().Select(e => JsonNode.Parse(e.ToJsonString())!.AsObject()).ToList();
        Assert.Contains("\"epoch\":1,", reloaded[1].ToJsonString());
        Assert.Equal(ModelCard.Render(Info("debian_desc")), ModelCard.Render(Info("debian_desc") with { LogHistory = reloaded }));
    }
}
