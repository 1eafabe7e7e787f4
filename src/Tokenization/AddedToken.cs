namespace HfTrain.Tokenization;

/// <summary>A token matched in the raw text before the model runs (tokenizer.json "added_tokens"): T5's
/// &lt;pad&gt;, &lt;/s&gt;, &lt;unk&gt; and the &lt;extra_id_N&gt; sentinels, all special.</summary>
internal sealed record AddedToken(int Id, string Content, bool Special);
