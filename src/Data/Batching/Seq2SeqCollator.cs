using HfTrain.Abstractions;

namespace HfTrain.Data.Batching;

/// <summary>
/// Dynamic padding as transformers' DataCollatorForSeq2Seq: inputs padded on the right with the pad id to the
/// longest in the batch (rounded up to <c>padToMultipleOf</c>, e.g. 8 for tensor cores), attention mask 1/0, labels
/// padded to their own longest with -100 when <c>ignore_pad_token_for_loss</c> (ignored by the loss), else with
/// the pad id. The model derives decoder_input_ids from the labels (modeling_t5.py _shift_right).
/// </summary>
/// <remarks>With <c>fixedLengths</c> (<c>--pad_to_max_length</c>) every batch is padded to (max_source_length,
/// max_target_length) instead of its longest example, as run_summarization pads in preprocessing.</remarks>
public sealed class Seq2SeqCollator(int padTokenId, bool ignorePadTokenForLoss = true, int? padToMultipleOf = null,
    (int Source, int Target)? fixedLengths = null)
{
    /// <summary>The label value the loss ignores (torch.nn.CrossEntropyLoss ignore_index).</summary>
    public const int IgnoreIndex = -100;

    public int LabelPadId => ignorePadTokenForLoss ? IgnoreIndex : padTokenId;

    public PaddedBatch Collate(IReadOnlyList<Seq2SeqExample> examples, int[] indices)
    {
        var batch = indices.Length;
        ArgumentOutOfRangeException.ThrowIfZero(batch);
        var source = RoundUp(Math.Max(fixedLengths?.Source ?? 0, indices.Max(i => examples[i].InputIds.Length)));
        var target = RoundUp(Math.Max(fixedLengths?.Target ?? 0, indices.Max(i => examples[i].Labels.Length)));
        var inputIds = new long[batch * source];   // [B, S]
        var mask = new long[batch * source];       // [B, S]
        var labels = new long[batch * target];     // [B, T]
        Array.Fill(inputIds, padTokenId);
        Array.Fill(labels, LabelPadId);
        for (var b = 0; b < batch; b++)
        {
            var example = examples[indices[b]];
            for (var s = 0; s < example.InputIds.Length; s++)
            {
                inputIds[(b * source) + s] = example.InputIds[s];
                mask[(b * source) + s] = 1;
            }
            for (var t = 0; t < example.Labels.Length; t++)
                labels[(b * target) + t] = example.Labels[t];
        }
        return new PaddedBatch(indices, source, target, inputIds, mask, labels);
    }

    private int RoundUp(int length) =>
        padToMultipleOf is { } m && m > 1 && length % m != 0 ? length + m - (length % m) : length;
}
