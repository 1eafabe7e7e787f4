namespace HfTrain.Abstractions;

/// <summary>The model's tokenizer, as a plugin sees it: text in, ids out (and back). Safe to call from several threads
/// at once (examples are tokenized, and predictions decoded, in parallel).</summary>
public interface ITextTokenizer
{
    /// <summary>Ids of <paramref name="text"/> with the end-of-sequence id appended, cut to
    /// <paramref name="maxLength"/> ids (the last kept id is then EOS, as transformers truncates).</summary>
    int[] Encode(string text, int maxLength);

    /// <summary>Text of <paramref name="ids"/>; special tokens (pad, eos, sentinels) skipped when asked.</summary>
    string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens);

    /// <summary>The id the host pads inputs with (labels are padded with -100 when the loss ignores padding).</summary>
    int PadTokenId { get; }

    /// <summary>The end-of-sequence id that <see cref="Encode"/> appends.</summary>
    int EosTokenId { get; }
}
