using HfTrain.Engine.Runs;
using static TorchSharp.torch;

namespace HfTrain.Distributed.Tests;

/// <summary>What each rank runs for <see cref="TensorCollectivesTests"/>: the tensor layer over Open MPI, on the
/// cases that take a staged copy (bf16, which MPI cannot sum; a non-contiguous view) and on the direct ones.</summary>
internal static class TensorRanks
{
    public static int Run(ICollectives world)
    {
        var tensors = new TensorCollectives(world);
        int r = world.Rank;
        void Print(string name, Tensor t) =>
            Console.WriteLine($"rank {r}: {name} {string.Join(",", t.to(float32).contiguous().data<float>().ToArray().Select(v => v.ToString("R")))}");

        using var bf16 = tensor(new[] { 1.5f * (r + 1), 2f, -0.25f }).to(bfloat16);
        tensors.AllReduceSum(bf16);
        Print("bf16-sum", bf16);

        using var matrix = arange(6, float32).reshape(2, 3) * (r + 1);       // [2, 3]
        using var columns = matrix.t();                                     // [3, 2], not contiguous: staged, written back
        tensors.AllReduceSum(columns);
        Print("transposed-sum", matrix);

        using var ids = r == 0 ? tensor(new long[] { 7, 8 }) : zeros(2, int64);
        tensors.Broadcast(ids, root: 0);
        Print("int64-broadcast", ids);
        return 0;
    }
}
