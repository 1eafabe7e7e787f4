using HfTrain.Host.Launch;
using HfTrain.Host.Options;

namespace HfTrain.Host.Tests.Launch;

/// <summary>Launcher settings → each rank's environment: torchrun's LocalElasticAgent variables, number for number.</summary>
public sealed class WorldPlanTests
{
    static readonly Machine Cpu = new(Gpus: 0, Cpus: 16);
    static readonly Machine EightGpus = new(Gpus: 8, Cpus: 64);

    static WorldPlan Plan(string commandLine, Machine machine, int restart = 0, params (string Name, string Value)[] environment)
    {
        var variables = environment.ToDictionary(v => v.Name, v => v.Value);
        string? Get(string name) => variables.GetValueOrDefault(name);
        return WorldPlan.For(LaunchArguments.Parse(commandLine.Split(' '), Get), Get, machine, restart, standalonePort: 41000);
    }

    [Fact]
    public void Two_processes_on_one_machine_get_torchruns_worker_environment()
    {
        var plan = Plan("--nproc_per_node 2 summarization", Cpu);
        Assert.Equal(LaunchBackend.Mpi, plan.Backend);
        Assert.Equal(2, plan.WorldSize);
        var expected1 = new Dictionary<string, string>
        {
            ["RANK"] = "1", ["LOCAL_RANK"] = "1", ["WORLD_SIZE"] = "2", ["LOCAL_WORLD_SIZE"] = "2",
            ["GROUP_RANK"] = "0", ["GROUP_WORLD_SIZE"] = "1", ["ROLE_RANK"] = "1", ["ROLE_NAME"] = "default",
            ["ROLE_WORLD_SIZE"] = "2", ["MASTER_ADDR"] = "127.0.0.1", ["MASTER_PORT"] = "29500",
            ["TORCHELASTIC_RESTART_COUNT"] = "0", ["TORCHELASTIC_MAX_RESTARTS"] = "0", ["TORCHELASTIC_RUN_ID"] = "none",
            ["TORCHELASTIC_USE_AGENT_STORE"] = "False", ["TORCH_NCCL_ASYNC_ERROR_HANDLING"] = "1",
            ["HF_TRAIN_BACKEND"] = "mpi", ["OMP_NUM_THREADS"] = "1",
        };
        Assert.Equal(expected1.OrderBy(p => p.Key), plan.Ranks[1].Variables.OrderBy(p => p.Key));
        Assert.Equal("0", plan.Ranks[0].Variables["RANK"]);
    }

    [Fact]
    public void The_second_of_two_machines_numbers_its_ranks_after_the_first()
    {
        var plan = Plan("--nnodes 2 --node_rank 1 --nproc_per_node 4 --master_addr 10.0.0.1 --master_port 6000 summarization", EightGpus);
        Assert.Equal(LaunchBackend.Nccl, plan.Backend);
        Assert.Equal([4, 5, 6, 7], plan.Ranks.Select(r => r.Rank));
        Assert.Equal([0, 1, 2, 3], plan.Ranks.Select(r => r.LocalRank));
        Assert.All(plan.Ranks, r =>
        {
            Assert.Equal("8", r.Variables["WORLD_SIZE"]);
            Assert.Equal("4", r.Variables["LOCAL_WORLD_SIZE"]);
            Assert.Equal("1", r.Variables["GROUP_RANK"]);
            Assert.Equal("2", r.Variables["GROUP_WORLD_SIZE"]);
            Assert.Equal("10.0.0.1", r.Variables["MASTER_ADDR"]);
            Assert.Equal("6000", r.Variables["MASTER_PORT"]);
            Assert.Equal("nccl", r.Variables["HF_TRAIN_BACKEND"]);
            Assert.Equal("True", r.Variables["TORCHELASTIC_USE_AGENT_STORE"]);   // the launcher's store on machine 0
        });
        Assert.Equal("6", plan.Ranks[2].Variables["RANK"]);
        Assert.Equal("2", plan.Ranks[2].Variables["LOCAL_RANK"]);
    }

    [Theory]
    [InlineData("auto", 8, 8)]
    [InlineData("auto", 0, 16)]
    [InlineData("gpu", 8, 8)]
    [InlineData("cpu", 8, 16)]
    [InlineData("3", 8, 3)]
    public void Nproc_words_resolve_as_torchrun_does(string nproc, int gpus, int expected)
    {
        var plan = Plan($"--nproc_per_node {nproc} summarization", new Machine(gpus, 16));
        Assert.Equal(expected, plan.Ranks.Count);
    }

    [Fact]
    public void Omp_num_threads_is_inherited_when_set_and_left_alone_for_one_process()
    {
        Assert.DoesNotContain("OMP_NUM_THREADS", Plan("--nproc_per_node 2 summarization", Cpu, 0, ("OMP_NUM_THREADS", "4")).Ranks[0].Variables.Keys);
        Assert.DoesNotContain("OMP_NUM_THREADS", Plan("--nproc_per_node 1 summarization", Cpu).Ranks[0].Variables.Keys);
    }

    [Fact]
    public void A_restart_counts_in_torchelastic_restart_count()
    {
        var plan = Plan("--nproc_per_node 2 --max_restarts 3 summarization", Cpu, restart: 2);
        Assert.All(plan.Ranks, r => Assert.Equal("2", r.Variables["TORCHELASTIC_RESTART_COUNT"]));
        Assert.All(plan.Ranks, r => Assert.Equal("3", r.Variables["TORCHELASTIC_MAX_RESTARTS"]));
    }

    [Fact]
    public void Standalone_uses_localhost_and_the_free_port()
    {
        var plan = Plan("--standalone --nproc_per_node 2 --master_addr 10.0.0.1 summarization", Cpu);
        Assert.Equal("127.0.0.1", plan.Ranks[0].Variables["MASTER_ADDR"]);
        Assert.Equal("41000", plan.Ranks[0].Variables["MASTER_PORT"]);
    }

    [Fact]
    public void Config_gpu_ids_and_mixed_precision_reach_the_ranks()
    {
        var config = new LaunchConfig { NumProcesses = 2, GpuIds = "2,3", MixedPrecision = "bf16" };
        var settings = LaunchArguments.Parse(["summarization", "--do_train"], _ => null, config);
        var plan = WorldPlan.For(settings, _ => null, EightGpus);
        Assert.All(plan.Ranks, r => Assert.Equal("2,3", r.Variables["CUDA_VISIBLE_DEVICES"]));
        Assert.All(plan.Ranks, r => Assert.Equal("bf16", r.Variables["ACCELERATE_MIXED_PRECISION"]));
        Assert.Equal(["summarization", "--do_train", "--bf16"], plan.Task);
        var chosen = WorldPlan.For(settings with { Task = ["summarization", "--fp16"] }, _ => null, EightGpus);
        Assert.Equal(["summarization", "--fp16"], chosen.Task);
    }

    [Theory]
    [InlineData("--backend nccl --nproc_per_node 2 summarization", 0, "--backend nccl needs CUDA GPUs")]
    [InlineData("--nproc_per_node gpu summarization", 0, "no CUDA device is visible")]
    [InlineData("--backend nccl --nproc_per_node 4 summarization", 2, "needs one GPU per process, and 2 are visible")]
    [InlineData("--backend mpi --nnodes 2 --nproc_per_node 2 summarization", 0, "start hf-train with mpirun and a hostfile")]
    public void Worlds_the_machine_cannot_hold_are_refused_with_the_way_out(string commandLine, int gpus, string message)
    {
        var error = Assert.Throws<UsageException>(() => Plan(commandLine, new Machine(gpus, 16)));
        Assert.Contains(message, error.Message);
    }
}
