using System.Runtime.InteropServices;
using HfTrain.Distributed.Nccl;

namespace HfTrain.Distributed.Tests;

/// <summary>Runs only where the NVIDIA driver and an NCCL library load (the GPU machine); skipped elsewhere.</summary>
public sealed class NcclFactAttribute : FactAttribute
{
    public NcclFactAttribute()
    {
        var settings = NcclSettings.From(Environment.GetEnvironmentVariable, torchFolder: Environment.GetEnvironmentVariable("HF_TRAIN_TORCH_LIB"));
        if (!NativeLibrary.TryLoad("libcuda.so.1", out _))
            Skip = "needs a CUDA device (no libcuda.so.1): docs/DISTRIBUTED.md has the command for the GPU machine";
        else if (!settings.Candidates(File.Exists).Any(c => NativeLibrary.TryLoad(c, out _)))
            Skip = $"needs libnccl.so.2 ({NcclSettings.LibraryVariable}, or PyTorch's nvidia/nccl/lib beside HF_TRAIN_TORCH_LIB)";
    }
}

/// <summary>A world of one through NCCL, as <c>torchrun --no-python --nproc_per_node 1 hf-train …</c> starts it:
/// every collective runs (broadcast, token count, gradient all-reduce; each a copy in a world of one) and the run
/// equals one plain process up to the GPU's own run-to-run noise.</summary>
public sealed class NcclWorldTests
{
    [NcclFact]
    public void A_world_of_one_through_NCCL_trains_as_one_process()
    {
        using var dir = new TempFolder();
        var single = HfTrainRun.Single([.. HfTrainRun.Training(batchSize: 8), "--output_dir", Path.Combine(dir.Path, "one")]);
        DataParallelRuns.Succeeded(single);
        var torchrun = new Dictionary<string, string>
        {
            ["RANK"] = "0", ["WORLD_SIZE"] = "1", ["LOCAL_RANK"] = "0", ["LOCAL_WORLD_SIZE"] = "1", ["GROUP_RANK"] = "0",
            ["MASTER_ADDR"] = "127.0.0.1", ["MASTER_PORT"] = "29500", ["HF_TRAIN_BACKEND"] = "nccl",
        };
        var nccl = HfTrainRun.Single(torchrun, [.. HfTrainRun.Training(batchSize: 8), "--output_dir", Path.Combine(dir.Path, "nccl")]);
        DataParallelRuns.Succeeded(nccl);
        Assert.Contains("backend nccl", nccl.Output);
        double[] one = TrainedRunFiles.LoggedLosses(Path.Combine(dir.Path, "one")), world = TrainedRunFiles.LoggedLosses(Path.Combine(dir.Path, "nccl"));
        Assert.Equal(one.Length, world.Length);
        for (int i = 0; i < one.Length; i++)
            Assert.True(Math.Abs(one[i] - world[i]) <= 1e-5 * Math.Abs(one[i]), $"step {i + 1}: {world[i]} through NCCL, {one[i]} alone");
    }

    sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("hf-train-nccl-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
