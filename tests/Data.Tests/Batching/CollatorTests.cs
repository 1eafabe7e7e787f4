using HfTrain.Abstractions;
using HfTrain.Data.Batching;

namespace HfTrain.Data.Tests.Batching;

public sealed class CollatorTests
{
    private static readonly Seq2SeqExample[] Examples =
    [
        new([5, 6, 7, 1], [8, 1], "a"),
        new([9, 1], [10, 11, 12, 1], "b"),
    ];

    [Fact]
    public void Pads_inputs_with_pad_and_labels_with_minus_100_to_the_longest()
    {
        var batch = new Seq2SeqCollator(padTokenId: 0).Collate(Examples, [0, 1]);

        Assert.Equal((4, 4), (batch.SourceLength, batch.TargetLength));
        Assert.Equal([5, 6, 7, 1, 9, 1, 0, 0], batch.InputIds);
        Assert.Equal([1, 1, 1, 1, 1, 1, 0, 0], batch.AttentionMask);
        Assert.Equal([8, 1, -100, -100, 10, 11, 12, 1], batch.Labels);
    }

    [Fact]
    public void Labels_pad_with_the_pad_id_when_pad_tokens_count_in_the_loss()
    {
        var batch = new Seq2SeqCollator(padTokenId: 0, ignorePadTokenForLoss: false).Collate(Examples, [0]);

        Assert.Equal([8, 1], batch.Labels);
        batch = new Seq2SeqCollator(padTokenId: 0, ignorePadTokenForLoss: false).Collate(Examples, [1, 0]);
        Assert.Equal([10, 11, 12, 1, 8, 1, 0, 0], batch.Labels);
    }

    [Fact]
    public void Pad_to_multiple_of_8_rounds_both_lengths_up()
    {
        var batch = new Seq2SeqCollator(padTokenId: 0, padToMultipleOf: 8).Collate(Examples, [1, 0]);

        Assert.Equal((8, 8), (batch.SourceLength, batch.TargetLength));
        Assert.Equal(16, batch.InputIds.Length);
        Assert.Equal([9, 1, 0, 0, 0, 0, 0, 0], batch.InputIds[..8]);
        Assert.Equal(-100, batch.Labels[15]);
        Assert.Equal([1, 0], batch.Indices);
    }

    [Fact]
    public void Pad_to_max_length_pads_every_batch_to_the_fixed_lengths()
    {
        var batch = new Seq2SeqCollator(padTokenId: 0, fixedLengths: (6, 5)).Collate(Examples, [1]);

        Assert.Equal((6, 5), (batch.SourceLength, batch.TargetLength));
        Assert.Equal([9, 1, 0, 0, 0, 0], batch.InputIds);
        Assert.Equal([1, 1, 0, 0, 0, 0], batch.AttentionMask);
        Assert.Equal([10, 11, 12, 1, -100], batch.Labels);
    }

    [Fact]
    public void Sample_limit_takes_the_first_rows()
    {
        int[] rows = [1, 2, 3, 4];

        Assert.Equal([1, 2], SampleLimit.Take(rows, 2, "--max_train_samples"));
        Assert.Same(rows, SampleLimit.Take(rows, 10, "--max_train_samples"));
        Assert.Same(rows, SampleLimit.Take(rows, null, "--max_train_samples"));
        Assert.Throws<TaskInputException>(() => SampleLimit.Take(rows, -1, "--max_train_samples"));
    }
}
