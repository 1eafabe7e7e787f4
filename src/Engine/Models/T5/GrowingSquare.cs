using static TorchSharp.torch;

namespace HfTrain.Engine.Models.T5;

/// <summary>
/// A pattern that depends only on positions (T5's relative-position buckets, the causal mask), kept on the device for
/// the longest length seen and sliced: every [rows, cols] from position 0 is its top-left block, so a step takes a view
/// instead of recomputing it with a dozen small kernels. It is computed by the CPU and copied to the device: on CUDA
/// each kernel's first launch in a process loads it, and these kernels (log, where, … on int64) serve nothing else —
/// about 100 ms of a predict pass's first batch on an H100 (docs/PERFORMANCE.md). The fixtures' references were computed
/// on the CPU too. Thread-safe (evaluation runs batches on several threads).
/// </summary>
/// <param name="compute">the pattern for a length on the CPU, in a dtype (null: the pattern's own).</param>
/// <param name="rowDim">the dimension of the rows (the columns follow it).</param>
internal sealed class GrowingSquare(Func<long, ScalarType?, Tensor> compute, int rowDim) : IDisposable
{
    private readonly Lock _gate = new();
    private Tensor? _full;

    /// <returns>A view [.., rows, cols] of the kept tensor (it keeps the storage alive if the tensor is regrown).</returns>
    public Tensor Slice(long rows, long cols, Device device, ScalarType? dtype = null)
    {
        lock (_gate)
        {
            long length = Math.Max(rows, cols);
            if (_full is null || _full.shape[rowDim] < length || _full.device_type != device.type || _full.device_index != device.index
                || (dtype is { } wanted && _full.dtype != wanted))
            {
                long size = Math.Max(length, _full?.shape[rowDim] ?? 0);
                _full?.Dispose();
                using var scope = NewDisposeScope();
                _full = compute(size, dtype).to(device).contiguous().DetachFromDisposeScope();
            }
            return _full.narrow(rowDim, 0, rows).narrow(rowDim + 1, 0, cols);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _full?.Dispose();
            _full = null;
        }
    }
}
