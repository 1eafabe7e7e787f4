using static HfTrain.Reliability.BadInput;

namespace HfTrain.Reliability;

/// <summary>Output folders, checkpoints to resume from, and <c>hf-train metrics</c> inputs.</summary>
internal static class CorpusRuns
{
    static string Train => Workspace.Data("summarization-train.jsonl");

    static void Write(string folder, string file, string text) => File.WriteAllText(Path.Combine(folder, file), text);

    static string[] Resume(Workspace w, string checkpoint) => w.Train(Train, "--resume_from_checkpoint", checkpoint, "--max_steps", "2");

    static string[] Metrics(string predictions, string references, string task = "summarization") =>
        ["metrics", task, "--predictions", predictions, "--references", references];

    public static IEnumerable<BadInput> Cases() =>
    [
        new("output: a file", Failure, ["--output_dir"], w => [.. w.Train(Train), "--output_dir", w.Text("out.txt", "x")]),
        new("output: under a file", Failure, ["--output_dir", "cannot create"], w => [.. w.Train(Train), "--output_dir", Path.Combine(w.Text("file", "x"), "sub")]),
        new("output: locked by another run", Failure, ["in use"], w =>
        {
            Hold(Path.Combine(w.Folder("busy"), ".hf-train.lock"));
            return [.. w.Train(Train), "--output_dir", Path.Combine(w.Dir, "busy")];
        }),
        new("checkpoint: no such folder", Failure, ["--resume_from_checkpoint", "no such folder"], w => Resume(w, Path.Combine(w.Dir, "checkpoint-9"))),
        new("checkpoint: an empty folder", Failure, ["--resume_from_checkpoint", "is not a checkpoint"], w => Resume(w, w.Folder("nothing"))),
        new("checkpoint: the model folder", Failure, ["is not a checkpoint", "trainer_state.json"], w => Resume(w, Workspace.TinyModel)),
        new("checkpoint: a file", Failure, ["--resume_from_checkpoint"], w => Resume(w, w.Text("checkpoint.txt", "x"))),
        new("checkpoint: scheduler.json without optimizer_step", Failure, ["scheduler.json", "optimizer_step"], w => Resume(w, w.Checkpoint(c => Write(c, "scheduler.json", "{\"last_epoch\": 1}")))),
        new("checkpoint: scheduler.json not JSON", Failure, ["scheduler.json", "not valid JSON"], w => Resume(w, w.Checkpoint(c => Write(c, "scheduler.json", "{\"optimizer_step\": ")))),
        new("checkpoint: scheduler.json with text for a number", Failure, ["scheduler.json", "optimizer_step"], w => Resume(w, w.Checkpoint(c => Write(c, "scheduler.json", "{\"optimizer_step\": \"one\"}")))),
        new("checkpoint: scheduler.json with text for the loss scale", Failure, ["scheduler.json", "loss_scale"], w => Resume(w, w.Checkpoint(c => Write(c, "scheduler.json", "{\"optimizer_step\": 1, \"loss_scale\": [1]}")))),
        new("checkpoint: garbled data_position.json", Failure, ["data_position.json"], w => Resume(w, w.Checkpoint(c => Write(c, "data_position.json", "{\"Epoch\": 0, \"Micro")))),
        new("checkpoint: data_position.json empty object", Failure, ["data_position.json", "Epoch"], w => Resume(w, w.Checkpoint(c => Write(c, "data_position.json", "{}")))),
        new("checkpoint: data_position.json negative", Failure, ["data_position.json", "negative"], w => Resume(w, w.Checkpoint(c => Write(c, "data_position.json", "{\"Epoch\": -1, \"MicroBatch\": 0}")))),
        new("checkpoint: data_position.json null", Failure, ["data_position.json"], w => Resume(w, w.Checkpoint(c => Write(c, "data_position.json", "null")))),
        new("checkpoint: missing optimizer state", Failure, ["optimizer.safetensors", "missing"], w => Resume(w, w.Checkpoint(c => File.Delete(Path.Combine(c, "optimizer.safetensors"))))),
        new("checkpoint: garbage optimizer state", Failure, ["optimizer.safetensors"], w => Resume(w, w.Checkpoint(c => File.WriteAllBytes(Path.Combine(c, "optimizer.safetensors"), Workspace.Garbage(256))))),
        new("checkpoint: missing RNG state", Failure, ["rng_state.safetensors", "missing"], w => Resume(w, w.Checkpoint(c => File.Delete(Path.Combine(c, "rng_state.safetensors"))))),
        new("checkpoint: trainer_state.json not JSON", Failure, ["trainer_state.json"], w => Resume(w, w.Checkpoint(c => Write(c, "trainer_state.json", "{\"global_step\": ")))),
        new("checkpoint: missing weights", Failure, ["checkpoint-1", "no weights"], w => Resume(w, w.Checkpoint(c => File.Delete(Path.Combine(c, "model.safetensors"))))),
        new("checkpoint: truncated weights", Failure, ["checkpoint-1", "model.safetensors", "run past the end"], w => Resume(w, w.Checkpoint(c => File.WriteAllBytes(Path.Combine(c, "model.safetensors"), File.ReadAllBytes(Path.Combine(c, "model.safetensors"))[..300_000])))),
        new("checkpoint: tensor shapes of another model", Failure, ["shape", "[128, 64]", "checkpoint-1", "config"], w =>
        {
            string model = w.Model(m => Workspace.EditJson(Path.Combine(m, "config.json"), c => c["d_ff"] = 96), "other");
            string checkpoint = w.Checkpoint();
            return ["summarization", "--config_name", model, "--tokenizer_name", Workspace.TinyModel, "--do_train", "--train_file", Train,
                "--text_column", "document", "--summary_column", "summary", "--output_dir", w.Out, .. Workspace.Fast, "--max_steps", "2",
                "--resume_from_checkpoint", checkpoint];
        }),
        new("checkpoint: garbled data_position.json found in output_dir", Failure, ["data_position.json"], w =>
        {
            string checkpoint = w.Checkpoint(c => Write(c, "data_position.json", "garbled"));
            Directory.CreateDirectory(w.Out);
            Directory.Move(checkpoint, Path.Combine(w.Out, "checkpoint-1"));
            return w.Train(Train, "--max_steps", "2");
        }),
        new("metrics: missing predictions", Failure, ["--predictions", "does not exist"], w => Metrics(Path.Combine(w.Dir, "p.txt"), Train)),
        new("metrics: missing references", Failure, ["--references", "does not exist"], w => Metrics(w.Text("p.txt", "a\n"), Path.Combine(w.Dir, "r.txt"))),
        new("metrics: predictions a folder", Failure, ["--predictions"], w => Metrics(w.Folder("p"), w.Text("r.txt", "a\n"))),
        new("metrics: NUL bytes in predictions", Failure, ["p.bin", "NUL", "line 2"], w => Metrics(w.Bytes("p.bin", [(byte)'a', (byte)'\n', 0, 1, 2, (byte)'\n']), w.Text("r.txt", "a\nb\n"))),
        new("metrics: NUL bytes in references", Failure, ["r.txt", "NUL", "line 3"], w => Metrics(w.Text("p.txt", "a\nb\nc\n"), w.Text("r.txt", "a\nb\nc\0\n"))),
        new("metrics: latin-1 predictions", Failure, ["p.txt", "UTF-8"], w => Metrics(w.Bytes("p.txt", System.Text.Encoding.Latin1.GetBytes("caf\u00e9\n")), w.Text("r.txt", "a\n"))),
        new("metrics: binary garbage", Failure, ["p.bin"], w => Metrics(w.Bytes("p.bin", Workspace.Garbage(1000)), w.Text("r.txt", "a\n"))),
        new("metrics: a gzip file", Failure, ["p.gz"], w => Metrics(w.Bytes("p.gz", Workspace.Gzip("a\nb\n")), w.Text("r.txt", "a\nb\n"))),
        new("metrics: count mismatch", Failure, ["2", "3"], w => Metrics(w.Text("p.txt", "a\nb\n"), w.Text("r.txt", "a\nb\nc\n"))),
        new("metrics: empty predictions", Failure, ["--predictions", "empty"], w => Metrics(w.Text("p.txt", ""), w.Text("r.txt", ""))),
        new("metrics: translation, NUL in predictions", Failure, ["p.txt", "NUL"], w => Metrics(w.Text("p.txt", "\0\n"), w.Text("r.txt", "a\n"), "translation")),
        new("metrics: translation, latin-1 references", Failure, ["r.txt", "UTF-8"], w => Metrics(w.Text("p.txt", "a\n"), w.Bytes("r.txt", System.Text.Encoding.Latin1.GetBytes("\u00fc\n")), "translation")),
    ];

    /// <summary>Holds an OS lock on the output folder's lock file as a running hf-train does, until the test process ends.</summary>
    static FileStream Hold(string lockFile)
    {
        var stream = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);   // flock(LOCK_EX), as OutputFolder takes it
        Held.Add(stream);
        return stream;
    }

    static readonly List<FileStream> Held = [];
}
