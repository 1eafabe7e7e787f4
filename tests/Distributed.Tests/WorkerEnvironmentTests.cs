using HfTrain.Distributed.Workers;

namespace HfTrain.Distributed.Tests;

public sealed class WorkerEnvironmentTests
{
    static WorkerEnvironment Detect(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return WorkerEnvironment.Detect(name => map.GetValueOrDefault(name));
    }

    [Fact]
    public void No_launcher_variables_is_one_process()
    {
        Assert.Equal(WorkerEnvironment.Single, Detect(("PATH", "/bin"), ("SLURM_JOB_ID", "7")));
        Assert.False(Detect().IsDistributed);
    }

    [Fact]
    public void Torchrun_variables_give_rank_world_local_rank_node_and_the_agent_store()
    {
        var env = Detect(("RANK", "3"), ("WORLD_SIZE", "4"), ("LOCAL_RANK", "1"), ("LOCAL_WORLD_SIZE", "2"), ("GROUP_RANK", "1"),
            ("MASTER_ADDR", "10.0.0.5"), ("MASTER_PORT", "29400"), ("TORCHELASTIC_USE_AGENT_STORE", "True"));
        Assert.Equal(new WorkerEnvironment(WorkerLauncher.Torchrun, 3, 4, 1, 2, 1, "10.0.0.5", 29400, "10.0.0.5:29400"), env);
        Assert.Equal("torchrun", env.LauncherName);
    }

    [Fact]
    public void Torchrun_without_the_agent_store_names_no_store_unless_HF_TRAIN_STORE_does()
    {
        Assert.Null(Detect(("RANK", "0"), ("WORLD_SIZE", "2"), ("MASTER_ADDR", "h"), ("MASTER_PORT", "1")).StoreAddress);
        Assert.Equal("h:7", Detect(("RANK", "0"), ("WORLD_SIZE", "2"), ("HF_TRAIN_STORE", "h:7")).StoreAddress);
    }

    [Fact]
    public void Mpirun_variables_give_the_Open_MPI_world()
    {
        var env = Detect(("OMPI_COMM_WORLD_RANK", "1"), ("OMPI_COMM_WORLD_SIZE", "2"), ("OMPI_COMM_WORLD_LOCAL_RANK", "1"),
            ("OMPI_COMM_WORLD_LOCAL_SIZE", "2"));
        Assert.Equal(new WorkerEnvironment(WorkerLauncher.Mpirun, 1, 2, 1, 2, 0, null, null, null), env);
    }

    [Fact]
    public void Torchrun_variables_win_over_mpirun_and_mpirun_over_slurm()
    {
        Assert.Equal(WorkerLauncher.Torchrun, Detect(("RANK", "0"), ("WORLD_SIZE", "1"), ("OMPI_COMM_WORLD_RANK", "0"), ("OMPI_COMM_WORLD_SIZE", "1")).Launcher);
        Assert.Equal(WorkerLauncher.Mpirun, Detect(("OMPI_COMM_WORLD_RANK", "0"), ("OMPI_COMM_WORLD_SIZE", "1"),
            ("SLURM_PROCID", "0"), ("SLURM_STEP_ID", "0"), ("SLURM_NTASKS", "4")).Launcher);
    }

    [Fact]
    public void Srun_variables_give_the_step_world_and_the_first_node_as_master()
    {
        var env = Detect(("SLURM_PROCID", "5"), ("SLURM_STEP_ID", "0"), ("SLURM_NTASKS", "6"), ("SLURM_STEP_NUM_TASKS", "6"),
            ("SLURM_LOCALID", "1"), ("SLURM_NODEID", "2"), ("SLURM_STEP_TASKS_PER_NODE", "2(x3)"), ("SLURM_JOB_NODELIST", "gpu[07-09]"));
        Assert.Equal(new WorkerEnvironment(WorkerLauncher.Slurm, 5, 6, 1, 2, 2, "gpu07", WorkerEnvironment.DefaultMasterPort, null), env);
        Assert.Equal("n1", Detect(("SLURM_PROCID", "0"), ("SLURM_STEP_ID", "0"), ("SLURM_NTASKS", "1"), ("SLURM_JOB_NODELIST", "x"),
            ("MASTER_ADDR", "n1")).MasterAddress);
    }

    [Fact]
    public void A_Slurm_batch_script_without_a_job_step_is_one_process()
    {
        Assert.Equal(WorkerLauncher.None, Detect(("SLURM_PROCID", "0"), ("SLURM_NTASKS", "4"), ("SLURM_JOB_NODELIST", "a[1-4]")).Launcher);
    }

    [Theory]
    [InlineData("RANK", "two", "RANK=two")]
    [InlineData("RANK", "2", "rank 2")]
    [InlineData("WORLD_SIZE", "0", "WORLD_SIZE=0")]
    public void A_malformed_or_impossible_rank_names_the_variable(string name, string value, string expected)
    {
        var variables = new Dictionary<string, string> { ["RANK"] = "0", ["WORLD_SIZE"] = "2", [name] = value };
        var e = Assert.Throws<WorkerEnvironmentException>(() => WorkerEnvironment.Detect(n => variables.GetValueOrDefault(n)));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("node[01-03,7]", "node01 node02 node03 node7")]
    [InlineData("a,b[1-2]", "a b1 b2")]
    [InlineData("r[1-2]n[08-09],x", "r1n08 r1n09 r2n08 r2n09 x")]
    [InlineData("single", "single")]
    [InlineData("gpu-[9-11]-ib", "gpu-9-ib gpu-10-ib gpu-11-ib")]
    public void Slurm_node_lists_expand_as_scontrol_show_hostnames(string list, string expected)
    {
        Assert.Equal(expected, string.Join(' ', SlurmNodeList.Expand(list)));
    }

    [Fact]
    public void A_broken_node_list_is_a_clear_error()
    {
        Assert.Contains("'[' without ']'", Assert.Throws<WorkerEnvironmentException>(() => SlurmNodeList.Expand("n[1-2")).Message);
        Assert.Contains("'3-1'", Assert.Throws<WorkerEnvironmentException>(() => SlurmNodeList.Expand("n[3-1]")).Message);
    }

    [Theory]
    [InlineData(null, true, "nccl")]
    [InlineData(null, false, "mpi")]
    [InlineData("mpi", true, "mpi")]
    [InlineData(" NCCL ", false, "nccl")]
    public void The_backend_follows_the_device_unless_HF_TRAIN_BACKEND_names_one(string? variable, bool cuda, string expected)
    {
        Assert.Equal(expected, BackendChoice.For(n => n == BackendChoice.Variable ? variable : null, cuda));
    }

    [Fact]
    public void An_unknown_backend_names_the_choices()
    {
        var e = Assert.Throws<WorkerEnvironmentException>(() => BackendChoice.For(_ => "gloo", cuda: false));
        Assert.Contains("HF_TRAIN_BACKEND=gloo", e.Message);
        Assert.Contains("nccl", e.Message);
    }
}

public sealed class WorkerSummaryTests
{
    [Fact]
    public void The_summary_names_launcher_rank_local_rank_world_and_where_ranks_meet()
    {
        var env = new WorkerEnvironment(WorkerLauncher.Torchrun, 3, 4, 1, 2, 1, "10.0.0.5", 29400, "10.0.0.5:29400");
        Assert.Equal("torchrun (rank 3 of 4, local rank 1 of 2, node 1; master 10.0.0.5:29400; store 10.0.0.5:29400)", env.Summary);
        Assert.Equal("none (one process)", WorkerEnvironment.Single.Summary);
    }

    [Theory]
    [InlineData(null, true, "nccl (CUDA device present)")]
    [InlineData(null, false, "mpi (no CUDA device: Open MPI on the CPU)")]
    [InlineData("mpi", true, "mpi (HF_TRAIN_BACKEND=mpi)")]
    public void The_backend_line_says_why(string? variable, bool cuda, string expected)
    {
        Assert.Equal(expected, BackendChoice.Describe(n => n == BackendChoice.Variable ? variable : null, cuda));
    }
}
