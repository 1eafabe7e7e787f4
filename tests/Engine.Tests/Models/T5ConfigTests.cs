using HfTrain.Abstractions;
using System.Text.Json.Nodes;
using HfTrain.Engine.Models.T5;

namespace HfTrain.Engine.Tests.Models;

public sealed class T5ConfigTests
{
    private static T5Config Parse(string json) => T5Config.FromJson((JsonObject)JsonNode.Parse(json)!, "my/config.json");

    [Fact]
    public void Fixture_configs_read_every_field()
    {
        var tiny = T5Config.Load(Path.Combine(ReferenceFixture.Dir("tiny"), "config.json"));
        Assert.Equal((1100, 64, 16, 128, 2, 2, 4), (tiny.VocabSize, tiny.DModel, tiny.DKv, tiny.DFf, tiny.NumLayers, tiny.NumDecoderLayers, tiny.NumHeads));
        Assert.Equal(("relu", false, true, true), (tiny.DenseActFn, tiny.IsGatedAct, tiny.TieWordEmbeddings, tiny.ScaleDecoderOutputs));
        Assert.Equal((0, 1, 0, 0.0, 1e-6), (tiny.PadTokenId, tiny.EosTokenId, tiny.DecoderStartTokenId, tiny.DropoutRate, tiny.LayerNormEpsilon));
        Assert.Equal("5.17.0", tiny.Extra["transformers_version"]!.GetValue<string>());

        var gated = T5Config.Load(Path.Combine(ReferenceFixture.Dir("tiny-gated"), "config.json"));
        Assert.Equal(("gelu_new", true, 3, false), (gated.DenseActFn, gated.IsGatedAct, gated.NumDecoderLayers, gated.ScaleDecoderOutputs));
    }

    [Theory]
    [InlineData("{}", true)]                                                          // t5 v1.0 default: tied, rescaled
    [InlineData("""{"tie_word_embeddings": false}""", false)]                         // flan-t5 / v1.1 written by 4.x
    [InlineData("""{"tie_word_embeddings": true, "scale_decoder_outputs": false}""", false)]
    [InlineData("""{"tie_word_embeddings": false, "scale_decoder_outputs": true}""", true)]
    public void Decoder_output_rescale_follows_scale_decoder_outputs_else_the_tie(string json, bool scaled) =>
        Assert.Equal(scaled, Parse(json).ScaleDecoderOutputs);

    [Fact]
    public void Missing_num_decoder_layers_equals_num_layers_and_missing_start_token_is_pad()
    {
        var config = Parse("""{"num_layers": 3, "pad_token_id": 5, "eos_token_id": [7, 8]}""");
        Assert.Equal((3, 5, 7), (config.NumDecoderLayers, config.DecoderStartTokenId, config.EosTokenId));
    }

    [Fact]
    public void Unsupported_feed_forward_proj_names_the_file_and_the_field()
    {
        var e = Assert.Throws<TaskInputException>(() => Parse("""{"feed_forward_proj": "gated-swish-x"}"""));
        Assert.Contains("my/config.json", e.Message);
        Assert.Contains("feed_forward_proj", e.Message);
        var wrongType = Assert.Throws<TaskInputException>(() => Parse("""{"d_model": "big"}"""));
        Assert.Contains("\"d_model\" must be an integer", wrongType.Message);
    }

    [Fact]
    public void Saved_config_keeps_unknown_fields_and_reads_back_equal()
    {
        var config = Parse("""{"d_model": 32, "feed_forward_proj": "gated-gelu", "tie_word_embeddings": false, "task_specific_params": {"summarization": {"prefix": "summarize: "}}}""");
        var back = T5Config.FromJson(config.ToJson());
        Assert.Equal(config.ToJson().ToJsonString(), back.ToJson().ToJsonString());
        Assert.Equal((32, 6, false), (back.DModel, back.NumDecoderLayersOrNull, back.TieWordEmbeddings));
        Assert.Equal("summarize: ", back.Extra["task_specific_params"]!["summarization"]!["prefix"]!.GetValue<string>());
        Assert.False(back.ScaleDecoderOutputs);
        Assert.Equal("gelu_new", config.ToJson()["dense_act_fn"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("t5-small", 60_506_624)]        // the Hub's t5-small parameter count
    [InlineData("flan-t5-small", 76_961_152)]   // the Hub's flan-t5-small parameter count
    public void Presets_have_the_hub_parameter_counts(string name, long parameters)
    {
        using var model = new T5ForConditionalGeneration(T5Presets.Get(name), initialize: false);
        Assert.Equal(parameters, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Presets_match_the_hub_shapes()
    {
        Assert.Equal((768, 3072, 12, 12), Shape(T5Presets.Get("t5-base")));
        Assert.Equal((1024, 4096, 24, 16), Shape(T5Presets.Get("t5-large")));
        Assert.Equal((768, 2048, 12, 12), Shape(T5Presets.Get("flan-t5-base")));
        Assert.False(T5Presets.Get("flan-t5-base").TieWordEmbeddings);
        Assert.Contains("t5-small", Assert.Throws<ArgumentException>(() => T5Presets.Get("t5-huge")).Message);
        static (int, int, int, int) Shape(T5Config c) => (c.DModel, c.DFf, c.NumLayers, c.NumHeads);
    }
}
