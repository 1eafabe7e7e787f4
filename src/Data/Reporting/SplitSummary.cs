using HfTrain.Abstractions;

namespace HfTrain.Data.Reporting;

/// <summary>What preprocessing made of one split, for <see cref="DataReport"/>: rows read, rows dropped by
/// reason ("empty summary", …), the examples kept and the length limits they were cut to.</summary>
public sealed record SplitSummary(
    string Name,
    int Rows,
    IReadOnlyDictionary<string, int> Dropped,
    IReadOnlyList<Seq2SeqExample> Examples,
    int MaxSourceLength,
    int MaxTargetLength);
