using System.Collections.Concurrent;
using HfTrain.Abstractions;
using HfTrain.Data.Batching;

namespace HfTrain.Engine.Batches;

/// <summary>
/// Collates the batches of a list of index arrays on a background thread, a few ahead of the training loop
/// (arrays only: tensors are made on the training thread, where its dispose scopes live).
/// </summary>
public sealed class BatchStream : IDisposable
{
    readonly BlockingCollection<PaddedBatch> _queue;
    readonly CancellationTokenSource _stop = new();
    readonly Task _producer;

    public BatchStream(IReadOnlyList<Seq2SeqExample> examples, IReadOnlyList<int[]> batches, Seq2SeqCollator collator, int ahead = 4)
    {
        _queue = new BlockingCollection<PaddedBatch>(Math.Max(1, ahead));
        _producer = Task.Run(() =>
        {
            try
            {
                foreach (int[] indices in batches)
                    _queue.Add(collator.Collate(examples, indices), _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                _queue.CompleteAdding();
            }
        });
    }

    public IEnumerable<PaddedBatch> Batches() => _queue.GetConsumingEnumerable();

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _producer.Wait();
        }
        catch (AggregateException e) when (e.InnerException is OperationCanceledException)
        {
        }
        _queue.Dispose();
        _stop.Dispose();
    }
}
