using System.Text.Json;

namespace HfTrain.Tokenization.Tests;

/// <summary>Edge cases (whitespace kinds, literal "▁", special tokens inside text, unknown runs, unicode that
/// nmt_nfkc changes) against transformers 5.17 on tok-32k: tests/Fixtures/tokenizer-reference/summary.json,
/// written by tools/tokenizer-reference/make_reference.py from tools/tokenizer-reference/probes.json.</summary>
public sealed class ProbeTests
{
    private static readonly JsonElement Summary = Fixture.Json("tokenizer-reference/summary.json");

    public static TheoryData<int> Probes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Summary.GetProperty("probes").GetArrayLength(); i++)
            data.Add(i);
        return data;
    }

    private static JsonElement Probe(int index) => Summary.GetProperty("probes")[index];

    [Theory]
    [MemberData(nameof(Probes))]
    public void Tokenizer_json_path_ids_and_truncation_match(int index)
    {
        var probe = Probe(index);
        var tokenizer = Fixture.Tokenizer("tok-32k", spieceOnly: false);
        var text = probe.GetProperty("text").GetString()!;
        Assert.Equal(Fixture.Ints(probe.GetProperty("ids")), tokenizer.Encode(text));
        Assert.Equal(Fixture.Ints(probe.GetProperty("truncated_5")), tokenizer.Encode(text, 5));
    }

    [Theory]
    [MemberData(nameof(Probes))]
    public void Spiece_model_path_ids_match(int index)
    {
        var probe = Probe(index);
        var tokenizer = Fixture.Tokenizer("tok-32k", spieceOnly: true);
        Assert.Equal(Fixture.Ints(probe.GetProperty("spm_ids")), tokenizer.Encode(probe.GetProperty("text").GetString()!));
    }

    [Theory]
    [MemberData(nameof(Probes))]
    public void Decode_of_the_ids_matches(int index)
    {
        var probe = Probe(index);
        var tokenizer = Fixture.Tokenizer("tok-32k", spieceOnly: false);
        var ids = Fixture.Ints(probe.GetProperty("ids"));
        Assert.Equal(probe.GetProperty("decode").GetString(), tokenizer.Decode(ids, skipSpecialTokens: false));
        Assert.Equal(probe.GetProperty("decode_skip").GetString(), tokenizer.Decode(ids, skipSpecialTokens: true));
    }

    [Fact]
    public void Decode_of_hand_made_id_lists_matches()
    {
        var tokenizer = Fixture.Tokenizer("tok-32k", spieceOnly: false);
        var lists = Summary.GetProperty("decode_lists").EnumerateArray().ToList();
        Assert.NotEmpty(lists);
        foreach (var entry in lists)
        {
            var ids = Fixture.Ints(entry.GetProperty("ids"));
            Assert.Equal(entry.GetProperty("decode").GetString(), tokenizer.Decode(ids, skipSpecialTokens: false));
            Assert.Equal(entry.GetProperty("decode_skip").GetString(), tokenizer.Decode(ids, skipSpecialTokens: true));
        }
    }

    [Fact]
    public void Sizes_and_sentinel_ids_match_both_paths()
    {
        var json = Fixture.Tokenizer("tok-32k", spieceOnly: false);
        var spiece = Fixture.Tokenizer("tok-32k", spieceOnly: true);
        Assert.Equal(Summary.GetProperty("len").GetInt32(), json.VocabularySize);
        Assert.Equal(Summary.GetProperty("spm_len").GetInt32(), spiece.VocabularySize);
        Assert.Equal(Summary.GetProperty("extra_id_0").GetInt32(), json.TokenToId("<extra_id_0>"));
        Assert.Equal(Summary.GetProperty("extra_id_99").GetInt32(), json.TokenToId("<extra_id_99>"));
        Assert.Equal(Summary.GetProperty("spm_extra_id_0").GetInt32(), spiece.TokenToId("<extra_id_0>"));
        Assert.Equal(Summary.GetProperty("spm_extra_id_99").GetInt32(), spiece.TokenToId("<extra_id_99>"));
        Assert.Equal((0, 1, 2), (json.PadTokenId, json.EosTokenId, json.UnknownTokenId));
        Assert.Equal((0, 1, 2), (spiece.PadTokenId, spiece.EosTokenId, spiece.UnknownTokenId));
    }
}
