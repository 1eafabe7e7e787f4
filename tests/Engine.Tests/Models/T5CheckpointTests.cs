using HfTrain.Abstractions;
using System.Text.Json.Nodes;
using HfTrain.Engine.Checkpoints;
using HfTrain.Engine.Models.T5;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Models;

public sealed class T5CheckpointTests
{
    private static string Legacy(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "legacy", name);

    private static double Loss(T5ForConditionalGeneration model, string referenceFile)
    {
        var json = (JsonObject)JsonNode.Parse(File.ReadAllText(referenceFile))!;
        Tensor M(string key)
        {
            var rows = json[key]!.AsArray().Select(r => r!.AsArray().Select(x => x!.GetValue<long>()).ToArray()).ToArray();
            return tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]);
        }
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return model.Forward(M("input_ids"), M("attention_mask"), M("labels")).Loss!.item<float>();
    }

    private static double ReferenceLoss(string referenceFile) =>
        double.Parse(((JsonObject)JsonNode.Parse(File.ReadAllText(referenceFile))!)["loss"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Load_save_reload_is_bit_identical_and_rewrites_the_transformers_file_byte_for_byte()
    {
        string source = ReferenceFixture.Dir("tiny");
        string dir = Directory.CreateTempSubdirectory("t5-roundtrip").FullName;
        try
        {
            using var model = T5ForConditionalGeneration.Load(source);
            model.Save(dir);
            using var reloaded = T5ForConditionalGeneration.Load(dir);

            var a = model.StateDict();
            var b = reloaded.StateDict();
            Assert.Equal(a.Keys.Order(), b.Keys.Order());
            Assert.DoesNotContain("lm_head.weight", a.Keys);
            foreach (var (name, tensor) in a)
                Assert.True(tensor.eq(b[name]).all().item<bool>(), name);
            Assert.Equal(File.ReadAllBytes(Path.Combine(source, "model.safetensors")), File.ReadAllBytes(Path.Combine(dir, "model.safetensors")));
            var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")));
            Assert.Equal(JsonNode.Parse(File.ReadAllText(Path.Combine(source, "config.json")))!.ToJsonString(), config!.ToJsonString());
            var generation = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "generation_config.json")));
            Assert.Equal(JsonNode.Parse(File.ReadAllText(Path.Combine(source, "generation_config.json")))!.ToJsonString(), generation!.ToJsonString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>transformers v4 checkpoints: a distinct lm_head is used as a separate head, one that copies shared
    /// loads tied; neither rescales the decoder output.</summary>
    [Theory]
    [InlineData("tiny-gated-v4-head", true)]
    [InlineData("tiny-gated-v4", false)]
    public void A_v4_checkpoint_keeps_a_distinct_lm_head_ties_a_copied_one_and_does_not_rescale(string name, bool separateHead)
    {
        string dir = Legacy(name);
        using var model = T5ForConditionalGeneration.Load(dir);

        Assert.Equal(separateHead, model.HasSeparateHead);
        Assert.False(model.Config.ScaleDecoderOutputs);
        double expected = ReferenceLoss(Path.Combine(dir, "reference_logits.json"));
        Assert.Equal(expected, Loss(model, Path.Combine(dir, "reference_logits.json")), 1e-5 * expected);
    }

    [Theory]
    [InlineData("tiny-bin")]
    [InlineData("tiny-bin-sharded")]
    [InlineData("tiny-sharded")]
    public void Bin_and_sharded_checkpoints_give_the_tiny_reference_loss(string name)
    {
        using var model = T5ForConditionalGeneration.Load(Legacy(name));
        string reference = Path.Combine(ReferenceFixture.Dir("tiny"), "reference_summarization.json");
        double expected = ReferenceLoss(reference);
        Assert.Equal(expected, Loss(model, reference), 1e-5 * expected);
    }

    [Fact]
    public void Weights_for_another_shape_are_reported_by_key()
    {
        var weights = SafeTensors.Read(Path.Combine(ReferenceFixture.Dir("tiny"), "model.safetensors"));
        try
        {
            weights.Remove("encoder.final_layer_norm.weight");
            weights["decoder.extra.weight"] = zeros(3);
            weights["shared.weight"].Dispose();
            weights["shared.weight"] = zeros(10, 64);
            using var model = new T5ForConditionalGeneration(T5Config.Load(Path.Combine(ReferenceFixture.Dir("tiny"), "config.json")), initialize: false);

            var e = Assert.Throws<TaskInputException>(() => model.LoadWeights(weights, "x.safetensors"));

            Assert.Contains("x.safetensors", e.Message);
            Assert.Contains("missing 1: encoder.final_layer_norm.weight", e.Message);
            Assert.Contains("unexpected 1: decoder.extra.weight", e.Message);
            Assert.Contains("wrong shape 1: shared.weight [10, 64] vs model [1100, 64]", e.Message);
        }
        finally
        {
            foreach (var t in weights.Values)
                t.Dispose();
        }
    }

    [Fact]
    public void A_folder_without_config_or_weights_is_a_user_error_naming_the_path()
    {
        string dir = Directory.CreateTempSubdirectory("t5-empty").FullName;
        try
        {
            var noConfig = Assert.Throws<TaskInputException>(() => T5ForConditionalGeneration.Load(dir));
            Assert.Contains(Path.Combine(dir, "config.json"), noConfig.Message);
            File.Copy(Path.Combine(ReferenceFixture.Dir("tiny"), "config.json"), Path.Combine(dir, "config.json"));
            var noWeights = Assert.Throws<TaskInputException>(() => T5ForConditionalGeneration.Load(dir));
            Assert.Contains(dir, noWeights.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
