using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace HfTrain.Reliability;

/// <summary>A case's temporary folder and the small bad files it writes there, next to the fixture model and data.</summary>
internal sealed class Workspace(string dir)
{
    public string Dir { get; } = dir;

    public static string TinyModel => HostHarness.Fixture("tiny");

    public static string Data(string name) => HostHarness.Fixture("workflow", name);

    public string Out => Path.Combine(Dir, "out");

    public string Text(string name, string content) => Bytes(name, Encoding.UTF8.GetBytes(content));

    public string Bytes(string name, byte[] content)
    {
        string path = Path.Combine(Dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Folder(string name) => Directory.CreateDirectory(Path.Combine(Dir, name)).FullName;

    public static byte[] Gzip(string text)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Optimal))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return memory.ToArray();
    }

    /// <summary>Deterministic bytes that are neither text nor any format's magic.</summary>
    public static byte[] Garbage(int length, int seed = 7)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0xFE;
        return bytes;
    }

    /// <summary>A copy of the tiny fixture model, changed by <paramref name="change"/>.</summary>
    public string Model(Action<string>? change = null, string name = "model")
    {
        string folder = CopyTree(TinyModel, Path.Combine(Dir, name));
        change?.Invoke(folder);
        return folder;
    }

    /// <summary>A copy of a checkpoint of the tiny model (trained once per test run), changed by <paramref name="change"/>.</summary>
    public string Checkpoint(Action<string>? change = null)
    {
        string folder = CopyTree(TrainedCheckpoint.Value, Path.Combine(Dir, "checkpoint-1"));
        change?.Invoke(folder);
        return folder;
    }

    public static void EditJson(string path, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }

    /// <summary>A summarization training command on the tiny model, one step, short sequences.</summary>
    public string[] Train(string trainFile, params string[] extra) =>
    [
        "summarization", "--model_name_or_path", TinyModel, "--do_train", "--train_file", trainFile,
        "--text_column", "document", "--summary_column", "summary", "--output_dir", Out, .. Fast, .. extra,
    ];

    /// <summary>The same on a given model folder.</summary>
    public string[] TrainModel(string model, params string[] extra) =>
    [
        "summarization", "--model_name_or_path", model, "--do_train", "--train_file", Data("summarization-train.jsonl"),
        "--text_column", "document", "--summary_column", "summary", "--output_dir", Out, .. Fast, .. extra,
    ];

    public string[] Translate(string trainFile, params string[] extra) =>
    [
        "translation", "--model_name_or_path", TinyModel, "--do_train", "--train_file", trainFile,
        "--source_lang", "en", "--target_lang", "de", "--source_prefix", "translate: ", "--output_dir", Out, .. Fast, .. extra,
    ];

    public static readonly string[] Fast =
    [
        "--max_steps", "1", "--per_device_train_batch_size", "2", "--max_source_length", "16", "--max_target_length", "8",
        "--logging_steps", "1", "--seed", "0", "--use_cpu",
    ];

    static readonly Lazy<string> TrainedCheckpoint = new(() =>
    {
        string root = Directory.CreateTempSubdirectory("hf-train-reliability-checkpoint-").FullName;
        var w = new Workspace(root);
        var (code, output, error) = HostHarness.Run(w.Train(Data("summarization-train.jsonl"), "--save_steps", "1", "--max_train_samples", "4"));
        string checkpoint = Path.Combine(w.Out, "checkpoint-1");
        if (code != 0 || !Directory.Exists(checkpoint))
            throw new InvalidOperationException($"training the checkpoint fixture failed ({code}):\n{output}\n{error}");
        return checkpoint;
    });

    static string CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
        return to;
    }
}
