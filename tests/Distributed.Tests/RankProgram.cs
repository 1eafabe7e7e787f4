using System.Runtime.InteropServices;
using HfTrain.Distributed.Mpi;

namespace HfTrain.Distributed.Tests;

/// <summary>
/// What each rank runs when <see cref="MpiCollectivesTests"/> starts this assembly under mpirun: the collectives on
/// rank-dependent data, each result printed as one "rank R: name values" line for the test to compare.
/// </summary>
public static class RankProgram
{
    public static int Main(string[] args)
    {
        if (args is not ["collectives" or "tensors"])
        {
            Console.Error.WriteLine("usage: HfTrain.Distributed.Tests collectives|tensors (run by the tests under mpirun)");
            return 2;
        }
        using var world = MpiCollectives.Initialize();
        if (args[0] == "tensors")
            return TensorRanks.Run(world);
        int r = world.Rank;
        void Print(string name, string values) => Console.WriteLine($"rank {r}: {name} {values}");
        Print("world", $"{world.WorldSize}");

        var floats = new[] { 1.5f * (r + 1), -2f * r, 0.25f };
        var doubles = new[] { 1e-3 * (r + 1), 3.0 };
        var longs = new[] { 1L << 40, r };
        unsafe
        {
            fixed (float* f = floats)
                world.AllReduceSum((IntPtr)f, floats.Length, ElementType.Float32);
            fixed (double* d = doubles)
                world.AllReduceSum((IntPtr)d, doubles.Length, ElementType.Float64);
            fixed (long* l = longs)
                world.AllReduceSum((IntPtr)l, longs.Length, ElementType.Int64);
        }
        Print("allreduce-float32", string.Join(",", floats.Select(v => v.ToString("R"))));
        Print("allreduce-float64", string.Join(",", doubles.Select(v => v.ToString("R"))));
        Print("allreduce-int64", string.Join(",", longs));

        var broadcast = r == 1 ? new[] { 7f, 8f, 9f } : new float[3];
        unsafe
        {
            fixed (float* b = broadcast)
                world.Broadcast((IntPtr)b, broadcast.Length, ElementType.Float32, root: 1);
        }
        Print("broadcast-from-1", string.Join(",", broadcast));

        // ragged: rank r sends r+1 bytes; rank 0 of a larger world would also cover the empty case below
        byte[] mine = Enumerable.Range(0, r + 1).Select(i => (byte)(10 * r + i)).ToArray();
        Print("allgather", string.Join("|", world.AllGather(mine).Select(b => Convert.ToHexString(b))));
        Print("allgather-empty", string.Join("|", world.AllGather(r == 0 ? [] : mine).Select(b => b.Length)));
        world.Barrier();
        Print("done", RuntimeInformation.ProcessArchitecture.ToString());
        return 0;
    }
}
