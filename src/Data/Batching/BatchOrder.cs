namespace HfTrain.Data.Batching;

/// <summary>How an epoch orders the examples.</summary>
public enum BatchOrder
{
    /// <summary>0, 1, 2, … (evaluation and prediction, as the HF Trainer's SequentialSampler).</summary>
    Sequential,

    /// <summary>A seeded permutation per epoch (RandomSampler).</summary>
    Shuffle,

    /// <summary><c>--group_by_length</c>: a seeded permutation cut into megabatches sorted by length
    /// (LengthGroupedSampler), so batches hold similar lengths and pad less.</summary>
    GroupByLength,

    /// <summary>Longest input first, ties in dataset order (hf-train's evaluation and prediction: batches pad little;
    /// the evaluator puts results back in dataset order).</summary>
    LongestFirst,
}
