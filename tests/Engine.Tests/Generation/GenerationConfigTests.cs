using System.Text.Json.Nodes;
using HfTrain.Abstractions;
using HfTrain.Engine.Models;
using HfTrain.Engine.Models.T5;
using HfTrain.Engine.Tests.Models;

namespace HfTrain.Engine.Tests.Generation;

public sealed class GenerationConfigTests
{
    private static readonly T5Config Model = T5Config.Load(Path.Combine(ReferenceFixture.Dir("tiny"), "config.json"));

    [Fact]
    public void Fixture_generation_config_gets_transformers_defaults()
    {
        var c = GenerationConfig.Load(Path.Combine(ReferenceFixture.Dir("tiny"), "generation_config.json"), Model.Tokens);
        Assert.Equal((20, 0, 1, 1.0, EarlyStopping.False, 0), (c.MaxLength, c.MinLength, c.NumBeams, c.LengthPenalty, c.EarlyStopping, c.NoRepeatNgramSize));
        Assert.Equal((0, 0), (c.DecoderStartTokenId, c.PadTokenId));
        Assert.Equal([1], c.EosTokenIds);
        Assert.Equal(20, c.EffectiveMaxLength());
        Assert.Equal(25, (c with { MaxNewTokens = 24 }).EffectiveMaxLength());
    }

    [Fact]
    public void Missing_tokens_come_from_the_model_config()
    {
        var c = GenerationConfig.FromJson((JsonObject)JsonNode.Parse("""{"num_beams": 4, "early_stopping": "never", "min_new_tokens": 3}""")!)
            .WithModelDefaults((Model with { PadTokenId = 9, EosTokenId = 2, DecoderStartTokenIdOrNull = 7 }).Tokens);
        Assert.Equal((4, EarlyStopping.Never, 7, 9), (c.NumBeams, c.EarlyStopping, c.DecoderStartTokenId, c.PadTokenId));
        Assert.Equal([2], c.EosTokenIds);
        Assert.Equal(4, c.EffectiveMinLength());
    }

    [Fact]
    public void Save_writes_changed_fields_and_reads_back()
    {
        var c = new GenerationConfig { NumBeams = 4, LengthPenalty = 0.6, EarlyStopping = EarlyStopping.True, MaxLength = 128, NoRepeatNgramSize = 3, EosTokenIds = [1], PadTokenId = 0, DecoderStartTokenId = 0 };
        var json = c.ToJson();
        Assert.Equal("0.6", json["length_penalty"]!.ToJsonString());
        Assert.True(json["early_stopping"]!.GetValue<bool>());
        Assert.False(json.ContainsKey("min_length"));
        var back = GenerationConfig.FromJson(json);
        Assert.Equal((4, 0.6, EarlyStopping.True, 128, 3), (back.NumBeams, back.LengthPenalty, back.EarlyStopping, back.MaxLength, back.NoRepeatNgramSize));
    }

    [Fact]
    public void Bad_early_stopping_names_file_and_field()
    {
        var e = Assert.Throws<TaskInputException>(() => GenerationConfig.FromJson((JsonObject)JsonNode.Parse("""{"early_stopping": "sometimes"}""")!, "g.json"));
        Assert.Contains("g.json", e.Message);
        Assert.Contains("early_stopping", e.Message);
    }
}
