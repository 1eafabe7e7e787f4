using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HfTrain.Engine.Training;

/// <summary>
/// All trainable parameters and their gradients in two flat contiguous buffers, so the optimizer, zeroing and
/// gradient clipping (and later the all-reduce) are a handful of kernels instead of one per parameter.
/// Each parameter becomes a view into <see cref="Values"/> (<c>Tensor.set_</c>), and its <c>.grad</c> a view into
/// <see cref="Grads"/>: autograd accumulates into an existing grad in place, so backward fills the flat buffer.
/// Parameters with weight decay come first: <c>[0, DecayCount)</c> decays, the rest does not (HF Trainer's
/// get_decay_parameter_names: no decay for names with "bias" or a norm layer, e.g. T5's layer_norm).
/// With bf16/fp16 parameters, <see cref="Master"/> holds the float32 master copy the optimizer updates.
/// </summary>
public sealed class FlatParameters : IDisposable
{
    public sealed record Slot(string Name, Parameter Parameter, long Offset, long Count);

    public Tensor Values { get; }          // [N] in the compute dtype
    public Tensor Grads { get; }           // [N] in the compute dtype
    public Tensor Master { get; }          // [N] float32: Values itself when the compute dtype is float32
    public long DecayCount { get; }
    public IReadOnlyList<Slot> Slots { get; }
    public bool HasSeparateMaster => !ReferenceEquals(Master, Values);

    public FlatParameters(nn.Module model)
    {
        var named = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        var ordered = named.Where(p => Decays(p.name)).Concat(named.Where(p => !Decays(p.name))).ToList();
        long total = ordered.Sum(p => p.parameter.numel());
        DecayCount = ordered.Where(p => Decays(p.name)).Sum(p => p.parameter.numel());
        var first = ordered[0].parameter;
        Values = empty(total, first.dtype, first.device);
        Grads = zeros(total, first.dtype, first.device);
        var slots = new List<Slot>();
        long offset = 0;
        using (no_grad())
        {
            foreach (var (name, parameter) in ordered)
            {
                long count = parameter.numel();
                using var view = Values.narrow(0, offset, count).view(parameter.shape);
                view.copy_(parameter);
                parameter.set_(view);                                          // the parameter now lives in Values
                parameter.grad = Grads.narrow(0, offset, count).view(parameter.shape);
                slots.Add(new Slot(name, parameter, offset, count));
                offset += count;
            }
        }
        Slots = slots;
        Master = first.dtype == ScalarType.Float32 ? Values : Values.to(ScalarType.Float32);
    }

    /// <summary>HF Trainer (transformers 5): no weight decay on biases and normalization weights.</summary>
    public static bool Decays(string name)
    {
        string lower = name.ToLowerInvariant();
        return !(lower.Contains("bias", StringComparison.Ordinal) || lower.Contains("layernorm", StringComparison.Ordinal)
                 || lower.Contains("rmsnorm", StringComparison.Ordinal) || lower.Contains("_norm.", StringComparison.Ordinal)
                 || lower.EndsWith("_norm", StringComparison.Ordinal) || lower.Contains(".norm.", StringComparison.Ordinal)
                 || lower.StartsWith("norm.", StringComparison.Ordinal));
    }

    /// <summary>The gradients as float32 for the optimizer (a view of <see cref="Grads"/> in float32 training,
    /// else a converted copy in the current dispose scope), divided by <paramref name="lossScale"/> when not 1.</summary>
    public Tensor Float32Grads(double lossScale = 1.0)
    {
        var grads = HasSeparateMaster ? Grads.to(ScalarType.Float32) : Grads.alias();
        return lossScale == 1.0 ? grads : grads.div_(lossScale);
    }

    /// <summary>
    /// torch.nn.utils.clip_grad_norm_ on a flat gradient: returns the total L2 norm before clipping (a 0-dim
    /// tensor, no host sync) and scales the gradients by min(1, max / (norm + 1e-6)).
    /// </summary>
    public static Tensor ClipGradNorm(Tensor grads, double maxNorm)
    {
        var norm = grads.norm();                                               // []
        if (maxNorm > 0)
        {
            using var coefficient = (maxNorm / (norm + 1e-6)).clamp_max(1.0);
            grads.mul_(coefficient);
        }
        return norm;
    }

    /// <summary>After an optimizer step on <see cref="Master"/>: the compute-dtype weights follow (one kernel).</summary>
    public void SyncFromMaster()
    {
        if (HasSeparateMaster)
        {
            using (no_grad())
                Values.copy_(Master);
        }
    }

    /// <summary>Loads float32 weights by parameter name into the master (and so the model) — exact resume under bf16.</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> weights, string source)
    {
        using (no_grad())
        {
            foreach (Slot slot in Slots)
            {
                if (!weights.TryGetValue(slot.Name, out var tensor))
                    throw new HfTrain.Abstractions.TaskInputException($"{source} has no '{slot.Name}'; it does not belong to this model.");
                if (!tensor.shape.SequenceEqual(slot.Parameter.shape))
                    throw new CheckpointMismatchException(slot.Name, slot.Parameter.shape, tensor.shape, source);
                using var view = Master.narrow(0, slot.Offset, slot.Count);
                view.copy_(tensor.reshape(-1));
            }
        }
        SyncFromMaster();
    }

    /// <summary>Master weights by parameter name (float32 views), for saving what the optimizer holds.</summary>
    public Dictionary<string, Tensor> MasterWeights() =>
        Slots.ToDictionary(s => s.Name, s => Master.narrow(0, s.Offset, s.Count).view(s.Parameter.shape), StringComparer.Ordinal);

    public void ZeroGrad() => Grads.zero_();

    public void Dispose()
    {
        if (HasSeparateMaster)
            Master.Dispose();
        Grads.Dispose();
        Values.Dispose();
    }
}
