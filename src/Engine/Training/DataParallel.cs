using HfTrain.Engine.Batches;
using HfTrain.Engine.Runs;
using static TorchSharp.torch;

namespace HfTrain.Engine.Training;

/// <summary>
/// What DistributedDataParallel and HF's Trainer add to a training step when several ranks train one model:
/// rank 0's parameters at the start, each micro-batch's loss as this rank's share of the tokens of the global batch
/// (transformers 5's <c>average_tokens_across_devices</c>: the token count is all-reduced, so 2 ranks × 4 examples
/// give the gradient of 1 rank × 8), the gradients summed over ranks from the flat buffer in one fused all-reduce
/// after the accumulation cycle's last backward, and decisions every rank must take together (stop).
/// </summary>
/// <remarks>
/// DDP overlaps bucketed all-reduces with backward through tensor gradient hooks; TorchSharp 0.107 has none (module
/// backward hooks fire per module, not per parameter gradient, and would need the flat buffer split by module), so
/// the reduction runs once after backward, over the contiguous flat gradient: one collective per optimizer step.
/// </remarks>
internal sealed class DataParallel(TensorCollectives world)
{
    public static DataParallel? For(RunContext run) => run.Tensors is { } tensors ? new DataParallel(tensors) : null;

    public TensorCollectives World => world;

    /// <summary>Every rank starts from rank 0's weights (DDP's broadcast at construction): the float32 master, and
    /// the compute copy follows it.</summary>
    public void BroadcastParameters(FlatParameters flat)
    {
        using (no_grad())
            world.Broadcast(flat.Master, root: 0);
        flat.SyncFromMaster();
    }

    /// <summary>
    /// The micro-batch loss (this rank's token mean) as its share of the global micro-batch's token mean:
    /// loss · n_rank / Σ n. Summing the ranks' gradients then gives the gradient of the global mean. The count crosses
    /// as a one-element tensor on the loss's device, so no host sync is added.
    /// </summary>
    public Tensor ShareOfTokens(Tensor loss, int lossTokens)
    {
        var mine = BatchTensors.ToDevice(tensor(new float[] { lossTokens }), loss.device);   // [1]
        var total = mine.clone();
        world.AllReduceSum(total);
        return loss * (mine / total).squeeze();
    }

    /// <summary>Sums the accumulated gradients of every rank into every rank's flat buffer.</summary>
    public void AllReduceGradients(FlatParameters flat) => world.AllReduceSum(flat.Grads);

    /// <summary>True on every rank when any rank was asked to stop (an interrupt reaches the ranks at different steps).
    /// A host exchange, not a device collective, so the step gains no host–device sync on CUDA.</summary>
    public bool AnyStops(bool mine) => world.AllGather([mine ? (byte)1 : (byte)0]).Any(flag => flag[0] != 0);

    /// <summary>Every rank's CPU random-generator state, in rank order, for the checkpoint (HF's rng_state_{rank}).</summary>
    public byte[][] RngStates()
    {
        using var state = random.get_rng_state();
        return world.AllGather(state.data<byte>().ToArray());
    }

    /// <summary>Waits for every rank (after rank 0 wrote a checkpoint the others may read).</summary>
    public void Barrier() => world.Barrier();
}
