using System.Globalization;
using HfTrain.Host.Jobs;
using static TorchSharp.torch;

namespace HfTrain.Host.Launch;

/// <summary>
/// What each rank of <c>hf-train test</c> does: joins the world as a task run would, then checks that an
/// all-reduce sums every rank's values and that a broadcast copies rank 0's, on the device the backend uses
/// (CUDA for NCCL, the CPU for Open MPI). One line per rank.
/// </summary>
internal static class WorldCheck
{
    const int Elements = 4096;

    public static int Run(Func<string, string?> environment, TextWriter output)
    {
        bool cpu = environment("HF_TRAIN_BACKEND") is "mpi";
        using var world = RunWorld.Join(useCpu: cpu, environment);
        var context = world.Context;
        string start = $"rank {context.Rank} of {context.WorldSize}: started (local rank {context.LocalRank}, pid {Environment.ProcessId}, host {Environment.MachineName})";
        if (context.Tensors is not { } tensors)
        {
            output.WriteLine($"{start}; one process: no collectives to check (start it with hf-train launch or hf-train test)");
            world.Complete();
            return 0;
        }
        string backend = context.Collectives!.Backend;
        Device device = backend == "nccl" ? new Device(TorchSharp.DeviceType.CUDA, context.LocalRank) : CPU;
        bool summed, copied;
        using (NewDisposeScope())
        {
            // every rank holds rank + 1: the sum is 1 + 2 + ... + world
            var values = full(Elements, context.Rank + 1, ScalarType.Float32, device);
            tensors.AllReduceSum(values);
            double expected = context.WorldSize * (context.WorldSize + 1) / 2.0;
            summed = values.eq(expected).all().item<bool>();
            var reference = arange(Elements, ScalarType.Float32, device: device);
            var received = context.Rank == 0 ? reference.clone() : zeros(Elements, ScalarType.Float32, device: device);
            tensors.Broadcast(received, root: 0);
            copied = received.eq(reference).all().item<bool>();
        }
        tensors.Barrier();
        output.WriteLine($"{start}; backend {backend}; all-reduce {(summed ? "ok" : "WRONG")}; broadcast {(copied ? "ok" : "WRONG")}");
        world.Complete();
        return summed && copied ? 0 : 2;
    }

    /// <summary>The loss of every logged step in an output folder's trainer_state.json.</summary>
    public static double[] LoggedLosses(string outputDir) =>
        [.. HfTrain.Engine.Training.TrainerState.Load(Path.Combine(outputDir, HfTrain.Engine.Training.TrainingCheckpoint.StateFile)).LogHistory
            .Where(entry => entry["loss"] is not null).Select(entry => (double)entry["loss"]!)];

    public static string Format(double[] losses) => string.Join(", ", losses.Select(l => l.ToString("F6", CultureInfo.InvariantCulture)));
}
