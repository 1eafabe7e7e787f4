using static HfTrain.Reliability.BadInput;

namespace HfTrain.Reliability;

/// <summary>Command lines that hf-train must refuse at start (exit 1), before any data or model is read.</summary>
internal static class CorpusCli
{
    static string Train => Workspace.Data("summarization-train.jsonl");

    public static IEnumerable<BadInput> Cases() =>
    [
        new("cli: misspelled option", Usage, ["unknown option", "--learning_rate"], w => w.Train(Train, "--learning_rat", "1e-3")),
        new("cli: unknown task", Usage, ["unknown command", "summarization"], _ => ["summarisation", "--do_train"]),
        new("cli: unknown command", Usage, ["unknown command"], _ => ["frobnicate"]),
        new("cli: text for an integer", Usage, ["abc"], w => w.Train(Train, "--max_steps", "abc")),
        new("cli: text for a float", Usage, ["fast"], w => w.Train(Train, "--learning_rate", "fast")),
        new("cli: nan learning rate", Usage, ["--learning_rate", "finite"], w => w.Train(Train, "--learning_rate", "nan")),
        new("cli: negative epochs", Usage, ["--num_train_epochs"], w => ["summarization", "--model_name_or_path", Workspace.TinyModel, "--do_train", "--train_file", Train, "--output_dir", w.Out, "--num_train_epochs", "-1"]),
        new("cli: warmup ratio above 1", Usage, ["warmup_ratio"], w => w.Train(Train, "--warmup_ratio", "2")),
        new("cli: bf16 and fp16", Usage, ["mutually exclusive"], w => w.Train(Train, "--bf16", "--fp16")),
        new("cli: unknown scheduler", Usage, ["--lr_scheduler_type", "bogus"], w => w.Train(Train, "--lr_scheduler_type", "bogus")),
        new("cli: unsupported optimizer", Usage, ["--optim", "sgd"], w => w.Train(Train, "--optim", "sgd")),
        new("cli: best model without evaluation", Usage, ["--load_best_model_at_end"], w => w.Train(Train, "--load_best_model_at_end")),
        new("cli: negative eval steps", Usage, ["--eval_steps", "positive"], w => w.Train(Train, "--eval_strategy", "steps", "--eval_steps", "-1", "--do_eval", "--validation_file", Train)),
        new("cli: zero logging steps", Usage, ["logging_steps"], w => w.Train(Train, "--logging_steps", "0")),
        new("cli: zero save steps", Usage, ["save_steps"], w => w.Train(Train, "--save_steps", "0")),
        new("cli: zero batch size", Usage, ["--per_device_train_batch_size"], w => w.Train(Train, "--per_device_train_batch_size", "0")),
        new("cli: zero accumulation", Usage, ["--gradient_accumulation_steps"], w => w.Train(Train, "--gradient_accumulation_steps", "0")),
        new("cli: negative sample limit", Usage, ["--max_train_samples"], w => w.Train(Train, "--max_train_samples", "-1")),
        new("cli: zero source length", Usage, ["--max_source_length"], w => w.Train(Train, "--max_source_length", "0")),
        new("cli: zero target length", Usage, ["--max_target_length"], w => w.Train(Train, "--max_target_length", "0")),
        new("cli: train without data", Usage, ["dataset name", "training, validation, or test file"], w => ["summarization", "--do_train", "--model_name_or_path", Workspace.TinyModel, "--output_dir", w.Out]),
        new("cli: predict without data", Usage, ["dataset name", "test file"], w => ["summarization", "--do_predict", "--model_name_or_path", Workspace.TinyModel, "--output_dir", w.Out]),
        new("cli: empty output dir", Usage, ["--output_dir"], w => [.. w.Train(Train), "--output_dir", ""]),
        new("cli: bad boolean", Usage, ["maybe"], w => w.Train(Train, "--do_eval", "maybe")),
        new("cli: text for the seed", Usage, ["x"], w => w.Train(Train, "--seed", "x")),
        new("cli: unknown eval strategy", Usage, ["eval_strategy", "sometimes"], w => w.Train(Train, "--eval_strategy", "sometimes")),
        new("cli: unknown save strategy", Usage, ["save_strategy", "often"], w => w.Train(Train, "--save_strategy", "often")),
        new("cli: metrics without references", Usage, ["--references"], w => ["metrics", "summarization", "--predictions", Train]),
        new("cli: metrics for an unknown task", Usage, ["bogus"], w => ["metrics", "bogus", "--predictions", Train, "--references", Train]),
        new("cli: tokenize without a model", Usage, ["--model_name_or_path"], _ => ["tokenize"]),
        new("cli: config_name without a tokenizer", Usage, ["--tokenizer_name"], w => ["summarization", "--config_name", "t5-small", "--do_train", "--train_file", Train, "--output_dir", w.Out, .. Workspace.Fast]),
        new("cli: early stopping without evaluation", Usage, ["--early_stopping_patience"], w => w.Train(Train, "--early_stopping_patience", "2")),
    ];
}
