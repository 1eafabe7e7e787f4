using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Models;

/// <summary>A reference_*.json made by transformers 5.17 (see tests/Fixtures/README.md).</summary>
internal sealed class ReferenceFixture
{
    private readonly JsonObject _json;

    private ReferenceFixture(string model, JsonObject json)
    {
        ModelDirectory = Dir(model);
        _json = json;
    }

    public string ModelDirectory { get; }

    /// <summary>Every (model, task) pair the fixtures have references for.</summary>
    public static TheoryData<string, string> Cases => new()
    {
        { "tiny", "summarization" }, { "tiny", "translation" },
        { "tiny-gated", "summarization" }, { "tiny-gated", "translation" },
        { "tiny-trained", "summarization" },
    };

    public static string Dir(string model) => Path.Combine(AppContext.BaseDirectory, "Fixtures", model);

    public static ReferenceFixture Load(string model, string task) =>
        new(model, (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Dir(model), $"reference_{task}.json")))!);

    public Tensor InputIds => Matrix("input_ids");
    public Tensor AttentionMask => Matrix("attention_mask");
    public Tensor Labels => Matrix("labels");
    public double Loss => _json["loss"]!.GetValue<double>();
    public double LogitsSum => _json["logits_sum"]!.GetValue<double>();
    public double LogitsAbsSum => _json["logits_abs_sum"]!.GetValue<double>();
    public double EncoderAbsSum => _json["encoder_last_hidden_state_abs_sum"]!.GetValue<double>();
    public long[] LogitsShape => _json["logits_shape"]!.AsArray().Select(x => x!.GetValue<long>()).ToArray();
    public int MaxNewTokens => _json["generate_max_new_tokens"]!.GetValue<int>();
    public long[][] Greedy => Rows("greedy");
    public long[][] Beam4 => Rows("beam4");

    /// <summary>logits[0, :3, :10] as [3][10].</summary>
    public double[][] LogitsFirst => _json["logits_first"]!.AsArray()
        .Select(r => r!.AsArray().Select(x => x!.GetValue<double>()).ToArray()).ToArray();

    public long[][] Rows(string key) => _json[key]!.AsArray()
        .Select(r => r!.AsArray().Select(x => x!.GetValue<long>()).ToArray()).ToArray();

    private Tensor Matrix(string key)
    {
        var rows = Rows(key);
        return tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]);
    }
}
