namespace HfTrain.Host.Tests.Launch;

/// <summary><c>hf-train test</c> on this machine's CPU: a world of two under mpirun, checked end to end.</summary>
[Collection(LaunchCollection.Name)]
public sealed class TestCommandTests
{
    [Fact]
    public void Test_prints_a_line_per_rank_and_every_check_passes()
    {
        using var folder = new TempDir();
        string file = Path.Combine(folder.Path, "cpu.yaml");
        File.WriteAllText(file, "distributed_type: MULTI_CPU\nnum_processes: 2\nmixed_precision: bf16\nuse_cpu: true\n");
        using var tool = new LaunchedTool("test", "--config_file", file);
        Assert.True(tool.Exit() == 0, tool.Output + "\n" + tool.Error);
        string[] lines = tool.Output.Split('\n');
        Assert.Single(lines, l => l.StartsWith("rank 0 of 2: started", StringComparison.Ordinal) && l.EndsWith("backend mpi; all-reduce ok; broadcast ok", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("[rank1]: rank 1 of 2: started", StringComparison.Ordinal) && l.EndsWith("all-reduce ok; broadcast ok", StringComparison.Ordinal));
        Assert.Contains("test: training: 2 steps on 2 ranks × batch 2 match one process × batch 4", tool.Output);
        Assert.Contains("test: all checks passed.", tool.Output);
    }

    [Fact]
    public void Test_reads_the_world_size_from_the_configuration_and_refuses_what_the_machine_cannot_hold()
    {
        using var folder = new TempDir();
        string file = Path.Combine(folder.Path, "gpus.yaml");
        File.WriteAllText(file, "distributed_type: MULTI_GPU\nnum_processes: 2\nuse_cpu: false\n");
        using var tool = new LaunchedTool("test", "--config_file", file, "--backend", "nccl");
        Assert.Equal(1, tool.Exit());
        Assert.Contains("backend nccl needs", tool.Error);   // CUDA GPUs (none here), or one per process
    }
}
