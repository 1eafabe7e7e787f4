using System.Runtime.InteropServices;
using HfTrain.Distributed;
using static TorchSharp.torch;

namespace HfTrain.Engine.Runs;

/// <summary>
/// <see cref="ICollectives"/> on TorchSharp tensors: the tensor's own memory when the backend takes it (CPU memory
/// for Open MPI, CUDA memory for NCCL), else a staged copy (a CUDA tensor under Open MPI goes through the host; a
/// bf16/fp16 one is summed in float32, which MPI has no type for).
/// </summary>
public sealed partial class TensorCollectives(ICollectives world)
{
    public int Rank => world.Rank;
    public int WorldSize => world.WorldSize;

    /// <summary>Sums <paramref name="tensor"/> over all ranks, in place.</summary>
    public void AllReduceSum(Tensor tensor) => Apply(tensor, sum: true, root: 0);

    /// <summary>Overwrites <paramref name="tensor"/> with rank <paramref name="root"/>'s values.</summary>
    public void Broadcast(Tensor tensor, int root = 0) => Apply(tensor, sum: false, root);

    /// <summary>Every rank's bytes in rank order (host values: predictions, RNG states).</summary>
    public byte[][] AllGather(ReadOnlySpan<byte> mine) => world.AllGather(mine);

    public void Barrier() => world.Barrier();

    void Apply(Tensor tensor, bool sum, int root)
    {
        bool onCuda = tensor.device_type == TorchSharp.DeviceType.CUDA;
        bool wantCuda = world.Buffers == BufferLocation.Cuda;
        ElementType? type = TypeOf(tensor.dtype);
        bool direct = tensor.is_contiguous() && onCuda == wantCuda && type is not null && (wantCuda || !IsHalf(tensor.dtype) || !sum);
        if (direct)
        {
            Run(tensor, type!.Value, sum, root);
            return;
        }
        using var scope = NewDisposeScope();
        var staged = tensor.to(IsHalf(tensor.dtype) && !wantCuda ? ScalarType.Float32 : tensor.dtype, wantCuda ? CUDA : CPU).contiguous();
        if (ReferenceEquals(staged, tensor) || staged.Handle == tensor.Handle)
            staged = staged.clone();
        Run(staged, TypeOf(staged.dtype) ?? throw new CollectiveException($"{tensor.dtype} tensors cannot cross the {world.Backend} backend."), sum, root);
        using (no_grad())
            tensor.copy_(staged);
    }

    void Run(Tensor tensor, ElementType type, bool sum, int root)
    {
        IntPtr data = THSTensor_data(tensor.Handle);
        if (sum)
            world.AllReduceSum(data, tensor.numel(), type);
        else
            world.Broadcast(data, tensor.numel(), type, root);
    }

    static bool IsHalf(ScalarType type) => type is ScalarType.BFloat16 or ScalarType.Float16;

    static ElementType? TypeOf(ScalarType type) => type switch
    {
        ScalarType.Float32 => ElementType.Float32,
        ScalarType.Float64 => ElementType.Float64,
        ScalarType.BFloat16 => ElementType.BFloat16,
        ScalarType.Float16 => ElementType.Float16,
        ScalarType.Int32 => ElementType.Int32,
        ScalarType.Int64 => ElementType.Int64,
        ScalarType.Byte => ElementType.Byte,
        _ => null,
    };

    /// <summary>The tensor's data pointer (at::Tensor::data_ptr), from TorchSharp's native library, which has it
    /// but does not expose it.</summary>
    [LibraryImport("LibTorchSharp")]
    private static partial IntPtr THSTensor_data(IntPtr tensor);
}
