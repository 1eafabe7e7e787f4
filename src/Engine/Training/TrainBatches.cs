using HfTrain.Abstractions;
using HfTrain.Data.Batching;
using HfTrain.Engine.Runs;

namespace HfTrain.Engine.Training;

/// <summary>The batch source a caller gives the trainer: the train set's batches for one process, ordered by
/// train_sampling_strategy and the seed, this rank's share of them.</summary>
public static class TrainBatches
{
    public static Batcher For(IReadOnlyList<Seq2SeqExample> train, TrainingArguments args, RunContext run)
    {
        var order = args.TrainSamplingStrategy switch
        {
            SamplingStrategy.Sequential => BatchOrder.Sequential,
            SamplingStrategy.GroupByLength => BatchOrder.GroupByLength,
            _ => BatchOrder.Shuffle,
        };
        return new Batcher(train.Select(e => e.InputIds.Length).ToList(), args.TrainBatchSize, order, args.Seed, run.Rank, run.WorldSize);
    }
}
