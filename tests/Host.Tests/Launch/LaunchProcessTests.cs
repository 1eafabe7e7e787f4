namespace HfTrain.Host.Tests.Launch;

/// <summary>
/// <c>hf-train launch</c> on the CPU backend (ranks under Open MPI's mpirun) with real processes: small shell
/// ranks through torchrun's <c>--no_python</c>, so the launcher's own behaviour is what is tested — the worker
/// environment, a dead rank ending the job, SIGTERM, no process left behind, restarts.
/// </summary>
[Collection(LaunchCollection.Name)]
public sealed class LaunchProcessTests
{
    static string[] Launch(string launcherOptions, string script, params string[] args) =>
        ["launch", "--backend", "mpi", .. launcherOptions.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--no_python", "sh", "-c", script, "rank", .. args];

    const string Forever = "while :; do sleep 0.1; done";

    [Fact]
    public void Every_rank_gets_its_torchrun_environment_and_only_other_ranks_lines_are_prefixed()
    {
        using var tool = new LaunchedTool(Launch("--nproc_per_node 3 --master_port 29123",
            "echo \"env RANK=$RANK LOCAL_RANK=$LOCAL_RANK WORLD_SIZE=$WORLD_SIZE LOCAL_WORLD_SIZE=$LOCAL_WORLD_SIZE MASTER_ADDR=$MASTER_ADDR MASTER_PORT=$MASTER_PORT OMP=$OMP_NUM_THREADS BACKEND=$HF_TRAIN_BACKEND MPI=$OMPI_COMM_WORLD_RANK\""));
        Assert.True(tool.Exit() == 0, tool.Error);
        var lines = tool.WaitFor("env RANK=", 3);
        for (int rank = 0; rank < 3; rank++)
        {
            string expected = $"env RANK={rank} LOCAL_RANK={rank} WORLD_SIZE=3 LOCAL_WORLD_SIZE=3 MASTER_ADDR=127.0.0.1 MASTER_PORT=29123 OMP=1 BACKEND=mpi MPI={rank}";
            Assert.Contains(rank == 0 ? expected : $"[rank{rank}]: {expected}", lines);
        }
    }

    [Fact]
    public void A_rank_killed_with_sigkill_ends_the_job_non_zero_naming_the_rank_and_its_last_line()
    {
        using var tool = new LaunchedTool(Launch("--nproc_per_node 2", $"echo \"pid $$\"; echo \"rank $RANK is training\"; {Forever}"));
        var pids = LaunchedTool.Pids(tool.WaitFor("pid ", 2));
        tool.WaitFor("is training", 2);
        int rank1 = pids[tool.WaitFor("pid ", 2).ToList().FindIndex(l => l.StartsWith("[rank1]", StringComparison.Ordinal))];
        LaunchedTool.Signal(rank1, "KILL");
        Assert.Equal(2, tool.Exit());
        Assert.Contains("launch: rank 1 failed (exit 137, killed by SIGKILL); its last output line: \"rank 1 is training\"", tool.Error);
        Assert.True(LaunchedTool.AllGone(pids), "a rank outlived the launcher");
    }

    [Fact]
    public void A_rank_that_fails_ends_the_others_and_the_job()
    {
        using var tool = new LaunchedTool(Launch("--nproc_per_node 2",
            $"echo \"pid $$\"; if [ $RANK = 0 ]; then sleep 1; echo 'bad batch' >&2; exit 3; fi; {Forever}"));
        var pids = LaunchedTool.Pids(tool.WaitFor("pid ", 2));
        Assert.Equal(2, tool.Exit());
        Assert.Contains("launch: rank 0 failed (exit 3); its last output line: \"bad batch\"", tool.Error);
        Assert.DoesNotContain("its last error", tool.Error);
        Assert.True(LaunchedTool.AllGone(pids), "a rank outlived the launcher");
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public void Sigterm_or_ctrl_c_on_the_launcher_reaches_every_rank_as_sigterm_and_exits_130(string signal)
    {
        using var tool = new LaunchedTool(Launch("--nproc_per_node 2",
            $"trap 'echo \"rank $RANK saves a checkpoint\"; exit 143' TERM; echo \"pid $$\"; {Forever}"));
        var pids = LaunchedTool.Pids(tool.WaitFor("pid ", 2));
        LaunchedTool.Signal(tool.Id, signal);
        Assert.Equal(130, tool.Exit());
        Assert.Contains("rank 0 saves a checkpoint", tool.Output);
        Assert.Contains("[rank1]: rank 1 saves a checkpoint", tool.Output);
        Assert.True(LaunchedTool.AllGone(pids), "a rank outlived the launcher");
    }

    [Fact]
    public void A_third_signal_kills_ranks_that_ignore_sigterm()
    {
        using var tool = new LaunchedTool(Launch("--nproc_per_node 2", $"trap '' TERM; echo \"pid $$\"; {Forever}"));
        var pids = LaunchedTool.Pids(tool.WaitFor("pid ", 2));
        // the kernel merges a signal sent while the same one is pending: send them apart, until the launcher ends
        for (int i = 0; i < 20 && !tool.HasExited; i++)
        {
            LaunchedTool.Signal(tool.Id, "TERM");
            Thread.Sleep(500);
        }
        Assert.Equal(130, tool.Exit());
        Assert.Contains("launch: the ranks were killed after a third signal", tool.Error);
        Assert.True(LaunchedTool.AllGone(pids), "a rank outlived the launcher");
    }

    [Fact]
    public void Mpirun_killed_with_sigkill_ends_the_job_with_its_ranks()
    {
        using var tool = new LaunchedTool(Launch("--nproc_per_node 2", $"echo \"pid $$\"; {Forever}"));
        var pids = LaunchedTool.Pids(tool.WaitFor("pid ", 2));
        int mpirun = Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(name => name!.All(char.IsAsciiDigit)).Select(int.Parse!)
            .Single(pid => File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").StartsWith(ProcessPath("mpirun"), StringComparison.Ordinal)
                && File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].Split(' ')[1] == tool.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        LaunchedTool.Signal(mpirun, "KILL");
        Assert.Equal(2, tool.Exit());
        Assert.Contains("launch: rank ", tool.Error);
        Assert.True(LaunchedTool.AllGone(pids), "a rank outlived mpirun");
    }

    static string ProcessPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(folder => Path.Combine(folder, program)).First(File.Exists);

    [Fact]
    public void No_rank_outlives_a_launcher_killed_with_sigkill()
    {
        using var tool = new LaunchedTool(Launch("--nproc_per_node 2", $"echo \"pid $$\"; {Forever}"));
        var pids = LaunchedTool.Pids(tool.WaitFor("pid ", 2));
        LaunchedTool.Signal(tool.Id, "KILL");
        Assert.Equal(137, tool.Exit());
        Assert.True(LaunchedTool.AllGone(pids), "a rank outlived the launcher");
    }

    [Fact]
    public void Max_restarts_restarts_every_rank_from_the_newest_checkpoint()
    {
        using var output = new TempDir();
        // attempt 0: rank 1 "saves" checkpoint-2, then dies; attempt 1 must be told to resume from it
        string script = "if [ $TORCHELASTIC_RESTART_COUNT = 0 ] && [ $RANK = 1 ]; then mkdir -p \"$2/checkpoint-2\"; " +
                        "echo {} > \"$2/checkpoint-2/trainer_state.json\"; echo crash; exit 3; fi; " +
                        "if [ $TORCHELASTIC_RESTART_COUNT = 0 ]; then sleep 30; fi; echo \"attempt $TORCHELASTIC_RESTART_COUNT: $*\"";
        using var tool = new LaunchedTool(Launch("--nproc_per_node 2 --max_restarts 1", script, "--output_dir", output.Path));
        Assert.True(tool.Exit() == 0, tool.Error);
        Assert.Contains("launch: rank 1 failed (exit 3); its last output line: \"crash\"", tool.Error);
        Assert.Contains($"launch: restarting every rank (1 of --max_restarts 1) from {Path.Combine(output.Path, "checkpoint-2")}", tool.Error);
        string resumed = $"attempt 1: --output_dir {output.Path} --resume_from_checkpoint {Path.Combine(output.Path, "checkpoint-2")}";
        Assert.Contains(resumed, tool.Output);
        Assert.Contains("[rank1]: " + resumed, tool.Output);
    }

    [Fact]
    public void Without_restarts_left_the_failure_is_final()
    {
        using var tool = new LaunchedTool(Launch("--nproc_per_node 2 --max_restarts 1", "echo \"attempt $TORCHELASTIC_RESTART_COUNT\"; exit 4"));
        Assert.Equal(2, tool.Exit());
        Assert.Contains("attempt 1", tool.Output);
        Assert.Contains("no restart left (--max_restarts 1)", tool.Error);
    }

    [Fact]
    public void An_accelerate_users_default_config_sets_the_world_and_hf_trains_own_file_wins()
    {
        const string script = "echo \"world $WORLD_SIZE rank $RANK\"";
        void Accelerate(string home)
        {
            Directory.CreateDirectory(Path.Combine(home, "accelerate"));
            File.WriteAllText(Path.Combine(home, "accelerate", "default_config.yaml"), "distributed_type: MULTI_CPU\nnum_machines: 1\nnum_processes: 3\nuse_cpu: true\n");
        }
        using (var tool = new LaunchedTool(Accelerate, ["launch", "--no_python", "sh", "-c", script]))
        {
            Assert.True(tool.Exit() == 0, tool.Error);
            Assert.Equal(3, tool.WaitFor("world 3 rank", 3).Count);
        }
        void Both(string home)
        {
            Accelerate(home);
            Directory.CreateDirectory(Path.Combine(home, "hf-train"));
            File.WriteAllText(Path.Combine(home, "hf-train", "default_config.yaml"), "num_processes: 2\nuse_cpu: true\n");
        }
        using (var tool = new LaunchedTool(Both, ["launch", "--no_python", "sh", "-c", script]))
        {
            Assert.True(tool.Exit() == 0, tool.Error);
            Assert.Equal(["[rank1]: world 2 rank 1", "world 2 rank 0"], tool.WaitFor("world ", 2).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void An_unknown_launcher_flag_exits_1_with_did_you_mean()
    {
        using var tool = new LaunchedTool("launch", "--nproc-per-nod", "2", "summarization");
        Assert.Equal(1, tool.Exit());
        Assert.StartsWith("error: launch: unknown option '--nproc-per-nod'. Did you mean '--nproc_per_node'?", tool.Error);
    }
}

/// <summary>Process tests one at a time: each starts several processes on a machine of few cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LaunchCollection
{
    public const string Name = "launch processes";
}
