using static HfTrain.Reliability.BadInput;

namespace HfTrain.Reliability;

/// <summary>Broken model and tokenizer folders (given to a training run, or to <c>hf-train tokenize</c>).</summary>
internal static class CorpusModels
{
    static void Delete(string folder, params string[] files)
    {
        foreach (string file in files)
            File.Delete(Path.Combine(folder, file));
    }

    static void Write(string folder, string file, string text) => File.WriteAllText(Path.Combine(folder, file), text);

    static void Config(string folder, Action<System.Text.Json.Nodes.JsonObject> edit) => Workspace.EditJson(Path.Combine(folder, "config.json"), edit);

    static void Cut(string folder, string file, int keep)
    {
        string path = Path.Combine(folder, file);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..keep]);
    }

    public static IEnumerable<BadInput> Cases() =>
    [
        new("model: no such folder", Failure, ["--model_name_or_path", "no such folder"], w => w.TrainModel(Path.Combine(w.Dir, "nomodel"))),
        new("model: a file instead of a folder", Failure, ["--model_name_or_path"], w => w.TrainModel(w.Text("model.bin", "x"))),
        new("model: empty folder", Failure, ["config.json"], w => w.TrainModel(w.Folder("emptymodel"))),
        new("model: missing config.json", Failure, ["config.json", "not found"], w => w.TrainModel(w.Model(m => Delete(m, "config.json")))),
        new("model: config.json not JSON", Failure, ["config.json", "not valid JSON"], w => w.TrainModel(w.Model(m => Write(m, "config.json", "{\"model_type\": \"t5\",")))),
        new("model: config.json an array", Failure, ["config.json", "object"], w => w.TrainModel(w.Model(m => Write(m, "config.json", "[1]")))),
        new("model: config.json empty", Failure, ["config.json"], w => w.TrainModel(w.Model(m => Write(m, "config.json", "")))),
        new("model: unknown model_type", Failure, ["config.json", "bert"], w => w.TrainModel(w.Model(m => Config(m, c => c["model_type"] = "bert")))),
        new("model: no model_type", Failure, ["config.json", "model_type"], w => w.TrainModel(w.Model(m => Config(m, c => c.Remove("model_type"))))),
        new("model: model_type a number", Failure, ["config.json", "model_type"], w => w.TrainModel(w.Model(m => Config(m, c => c["model_type"] = 5)))),
        new("model: negative d_model", Failure, ["config.json", "d_model"], w => w.TrainModel(w.Model(m => Config(m, c => c["d_model"] = -4)))),
        new("model: d_model a string", Failure, ["config.json", "d_model"], w => w.TrainModel(w.Model(m => Config(m, c => c["d_model"] = "big")))),
        new("model: unknown feed_forward_proj", Failure, ["config.json", "feed_forward_proj"], w => w.TrainModel(w.Model(m => Config(m, c => c["feed_forward_proj"] = "swish-ish")))),
        new("model: missing weights", Failure, ["no weights"], w => w.TrainModel(w.Model(m => Delete(m, "model.safetensors")))),
        new("model: truncated weights", Failure, ["model.safetensors", "run past the end"], w => w.TrainModel(w.Model(m => Cut(m, "model.safetensors", 400_000)))),
        new("model: weights cut inside the header", Failure, ["model.safetensors"], w => w.TrainModel(w.Model(m => Cut(m, "model.safetensors", 100)))),
        new("model: garbage weights", Failure, ["model.safetensors"], w => w.TrainModel(w.Model(m => File.WriteAllBytes(Path.Combine(m, "model.safetensors"), Workspace.Garbage(2048))))),
        new("model: empty weights file", Failure, ["model.safetensors"], w => w.TrainModel(w.Model(m => Write(m, "model.safetensors", "")))),
        new("model: weights of another shape", Failure, ["model.safetensors", "shape"], w => w.TrainModel(w.Model(m => Config(m, c => c["d_ff"] = 64)))),
        new("model: tokenizer ids beyond vocab_size", Failure, ["vocab_size 1000", "1100", "config.json", "tokenizer.json"], w => w.TrainModel(w.Model(m => Config(m, c => c["vocab_size"] = 1000)))),
        new("model: no tokenizer files", Failure, ["no tokenizer"], w => w.TrainModel(w.Model(m => Delete(m, "tokenizer.json", "spiece.model")))),
        new("model: tokenizer.json not JSON", Failure, ["tokenizer.json"], w => w.TrainModel(w.Model(m => Write(m, "tokenizer.json", "{\"model\": ")))),
        new("model: tokenizer.json of a BPE model", Failure, ["tokenizer.json", "BPE"], w => w.TrainModel(w.Model(m => Write(m, "tokenizer.json", "{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []}}")))),
        new("model: spiece.model garbage", Failure, ["spiece.model"], w => w.TrainModel(w.Model(m => { Delete(m, "tokenizer.json"); File.WriteAllBytes(Path.Combine(m, "spiece.model"), Workspace.Garbage(1000)); }))),
        new("model: generation_config.json not JSON", Failure, ["generation_config.json"], w => w.TrainModel(w.Model(m => Write(m, "generation_config.json", "{,}")))),
        new("model: tokenizer_name missing", Failure, ["--tokenizer_name"], w => w.TrainModel(Workspace.TinyModel, "--tokenizer_name", Path.Combine(w.Dir, "notok"))),
        new("model: config_name missing", Failure, ["--config_name"], w => w.TrainModel(Workspace.TinyModel, "--config_name", Path.Combine(w.Dir, "noconfig"))),
        new("tokenize: no such folder", Failure, ["does not exist"], w => ["tokenize", "--model_name_or_path", Path.Combine(w.Dir, "none")]),
        new("tokenize: folder without a tokenizer", Failure, ["no tokenizer"], w => ["tokenize", "--model_name_or_path", w.Folder("empty")]),
        new("tokenize: tokenizer.json not JSON", Failure, ["tokenizer.json"], w => ["tokenize", "--model_name_or_path", w.Model(m => Write(m, "tokenizer.json", "nope"))]),
        new("tokenize: tokenizer.json of a WordPiece model", Failure, ["tokenizer.json", "WordPiece"], w => ["tokenize", "--model_name_or_path", w.Model(m => Write(m, "tokenizer.json", "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}}}"))]),
        new("tokenize: garbage spiece.model", Failure, ["spiece.model"], w => ["tokenize", "--model_name_or_path", w.Model(m => { Delete(m, "tokenizer.json"); File.WriteAllBytes(Path.Combine(m, "spiece.model"), Workspace.Garbage(500)); })]),
        new("tokenize: a file instead of a folder", Failure, ["model.txt"], w => ["tokenize", "--model_name_or_path", w.Text("model.txt", "x")]),
    ];
}
