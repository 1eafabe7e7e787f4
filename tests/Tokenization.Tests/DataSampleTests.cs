using System.IO.Compression;
using System.Text.Json;

namespace HfTrain.Tokenization.Tests;

/// <summary>A 2,056-text sample of the Debian data (every 85th text of all splits, documents, summaries, en, de, fr)
/// with transformers 5.17's ids (tok-32k). The full-data rate is measured by tools/tokenizer-reference/TokenizerRate.</summary>
public sealed class DataSampleTests
{
    private sealed record Sample(string File, int Index, string Text, int[] Ids, int[]? SpmIds);

    private static readonly Lazy<List<Sample>> Samples = new(() =>
    {
        var path = Path.Combine(Fixture.Root, "tokenizer-reference", "sample.jsonl.gz");
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var samples = new List<Sample>();
        while (reader.ReadLine() is { } line)
        {
            var e = JsonDocument.Parse(line).RootElement;
            samples.Add(new Sample(e.GetProperty("file").GetString()!, e.GetProperty("index").GetInt32(),
                e.GetProperty("text").GetString()!, Fixture.Ints(e.GetProperty("ids")),
                e.TryGetProperty("spm_ids", out var spm) ? Fixture.Ints(spm) : null));
        }
        return samples;
    });

    [Fact]
    public void Every_sampled_text_gets_the_transformers_ids_and_decodes_back()
    {
        var tokenizer = Fixture.Tokenizer("tok-32k", spieceOnly: false);
        Assert.True(Samples.Value.Count > 2000);
        var mismatches = Samples.Value.Where(s => !s.Ids.SequenceEqual(tokenizer.Encode(s.Text)))
            .Select(s => $"{s.File}#{s.Index}: {s.Text[..Math.Min(80, s.Text.Length)]}").ToList();
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {Samples.Value.Count} differ:\n" + string.Join("\n", mismatches.Take(10)));
    }

    [Fact]
    public void Texts_where_transformers_spiece_path_differs_match_that_path()
    {
        // transformers 5.17 on spiece.model alone applies nmt_nfkc ("…" -> "...", "²" -> "2", "ﬁ" -> "fi"): these are
        // the texts (first five per data file) where its ids differ from the tokenizer.json path.
        var spiece = Fixture.Tokenizer("tok-32k", spieceOnly: true);
        var json = Fixture.Tokenizer("tok-32k", spieceOnly: false);
        var differing = Samples.Value.Where(s => s.SpmIds is not null).ToList();
        Assert.True(differing.Count >= 40);
        foreach (var sample in differing)
        {
            Assert.Equal(sample.SpmIds, spiece.Encode(sample.Text));
            Assert.Equal(sample.Ids, json.Encode(sample.Text));
        }
    }

    [Fact]
    public void Truncated_encoding_is_a_prefix_plus_eos()
    {
        var tokenizer = Fixture.Tokenizer("tok-32k", spieceOnly: false);
        foreach (var sample in Samples.Value.Take(300))
            foreach (var max in new[] { 1, 2, 7, 64, 512 })
            {
                var expected = sample.Ids.Length <= max ? sample.Ids : [.. sample.Ids[..(max - 1)], 1];
                Assert.Equal(expected, tokenizer.Encode(sample.Text, max));
            }
    }
}
