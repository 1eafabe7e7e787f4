using System.IO.Compression;
using System.Text.Json.Nodes;
using HfTrain.Engine.Generation;
using HfTrain.Engine.Models;
using HfTrain.Engine.Models.T5;
using HfTrain.Engine.Tests.Models;
using HfTrain.Tokenization;
using static TorchSharp.torch;

namespace HfTrain.Engine.Tests.Generation;

/// <summary>
/// The host-side beam bookkeeping (<see cref="BeamSearch"/>) against <see cref="TensorBeamSearch"/>, transformers'
/// vectorised _beam_search written op for op in tensors: the same model steps, so the same ids and bit-identical
/// length-penalised scores, over 40 real Debian texts and the settings that change the bookkeeping's paths.
/// </summary>
public sealed class BeamSearchTests
{
    public static TheoryData<string, GenerationConfig> Settings => new()
    {
        { "defaults, 4 beams", new GenerationConfig { MaxNewTokens = 20, NumBeams = 4 } },
        { "early stopping, 3 beams, 2 returned, length penalty 0.6",
            new GenerationConfig { MaxNewTokens = 16, NumBeams = 3, NumReturnSequences = 2, LengthPenalty = 0.6, EarlyStopping = EarlyStopping.True } },
        { "never stop early, length penalty 2", new GenerationConfig { MaxNewTokens = 14, NumBeams = 2, LengthPenalty = 2.0, EarlyStopping = EarlyStopping.Never } },
        { "negative length penalty", new GenerationConfig { MaxNewTokens = 14, NumBeams = 4, LengthPenalty = -0.5 } },
        { "max length reached", new GenerationConfig { MaxNewTokens = 5, NumBeams = 4, NumReturnSequences = 4 } },
        { "min length and no repeated bigram", new GenerationConfig { MaxNewTokens = 16, NumBeams = 3, MinLength = 9, NoRepeatNgramSize = 2 } },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Host_bookkeeping_equals_the_tensor_algorithm(string name, GenerationConfig config)
    {
        using var model = T5ForConditionalGeneration.Load(ReferenceFixture.Dir("tiny-trained"));
        model.eval();
        var settings = GenerationSettings.From(config.WithModelDefaults(model.Tokens));
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var (ids, mask) = DebianBatch(40);
        var encoded = model.Encode(ids, mask);

        var expected = TensorBeamSearch.Run(model, encoded, mask, settings, out var expectedScores);
        var (actual, scores) = BeamSearch.RunWithScores(model, encoded, mask, settings);

        Assert.True(expected.shape.SequenceEqual(actual.shape), $"{name}: shape {string.Join('x', actual.shape)}, expected {string.Join('x', expected.shape)}");
        Assert.Equal(expected.data<long>().ToArray(), actual.data<long>().ToArray());
        Assert.Equal(expectedScores.Select(BitConverter.SingleToInt32Bits), scores.Select(BitConverter.SingleToInt32Bits));
        Assert.Contains(scores, score => score > -1e8f);                            // real hypotheses, not fillers
    }

    [Fact]
    public void Top_indices_take_the_largest_first_and_keep_the_order_of_equal_values()
    {
        Assert.Equal([2, 0], BeamState.TopIndices([1f, -3f, 5f, 1f], 2));
        Assert.Equal([0, 1, 2], BeamState.TopIndices([-1e9f, -1e9f, -1e9f], 3));
        Assert.Equal([1, 2, 0], BeamState.TopIndices([0f, 2f, 2f], 3));
    }

    /// <summary>"summarize: " + the first Debian descriptions of the tokenizer sample, as a padded batch.</summary>
    private static (Tensor Ids, Tensor Mask) DebianBatch(int rows)
    {
        var tokenizer = T5Tokenizer.Load(ReferenceFixture.Dir("tiny-trained"));
        using var file = new GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tokenizer-reference", "sample.jsonl.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(file);
        var encoded = new List<int[]>();
        while (encoded.Count < rows && reader.ReadLine() is { } line)
        {
            var row = JsonNode.Parse(line)!;
            if (row["file"]!.GetValue<string>().Contains("summarization"))
                encoded.Add(tokenizer.Encode("summarize: " + row["text"]!.GetValue<string>(), 96));
        }
        int width = encoded.Max(e => e.Length);
        var ids = new long[rows * width];
        var mask = new long[rows * width];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < encoded[r].Length; c++)
            {
                ids[r * width + c] = encoded[r][c];
                mask[r * width + c] = 1;
            }
        }
        return (tensor(ids).view(rows, width), tensor(mask).view(rows, width));
    }
}
