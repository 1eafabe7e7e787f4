using System.Globalization;
using HfTrain.Host.Options;

namespace HfTrain.Host.Launch;

/// <summary>What the launcher knows of this machine: visible CUDA devices and CPU cores.</summary>
internal sealed record Machine(int Gpus, int Cpus);

/// <summary>One process of this machine's share of the world, with the variables added to the launcher's own.</summary>
internal sealed record RankProcess(int Rank, int LocalRank, IReadOnlyDictionary<string, string> Variables);

/// <summary>This machine's processes of one attempt (restart <see cref="RestartCount"/>).</summary>
internal sealed record WorldPlan(LaunchBackend Backend, int WorldSize, int LocalWorldSize, int NodeRank, string MasterAddr, int MasterPort,
    int RestartCount, IReadOnlyList<RankProcess> Ranks, IReadOnlyList<string> Task)
{
    /// <summary>
    /// torchrun's worker environment for every local rank (LocalElasticAgent._start_workers): RANK, LOCAL_RANK,
    /// WORLD_SIZE, LOCAL_WORLD_SIZE, GROUP_RANK, GROUP_WORLD_SIZE, ROLE_*, MASTER_ADDR, MASTER_PORT,
    /// TORCHELASTIC_* and TORCH_NCCL_ASYNC_ERROR_HANDLING; OMP_NUM_THREADS=1 when unset and more than one process
    /// shares the machine (torchrun's run.py); HF_TRAIN_BACKEND for the worker's collectives; from a config file,
    /// CUDA_VISIBLE_DEVICES (gpu_ids) and ACCELERATE_MIXED_PRECISION. A pure function of its inputs.
    /// </summary>
    /// <param name="standalonePort">the free port --standalone uses (torchrun picks one too).</param>
    public static WorldPlan For(LaunchSettings settings, Func<string, string?> environment, Machine machine, int restartCount = 0, int standalonePort = 29400)
    {
        int gpus = settings.GpuIds is { } ids ? Math.Min(machine.Gpus, ids.Split(',', StringSplitOptions.RemoveEmptyEntries).Length) : machine.Gpus;
        if (settings.UseCpu)
            gpus = 0;
        int perNode = settings.NprocPerNode switch
        {
            "auto" => gpus > 0 ? gpus : machine.Cpus,
            "cpu" => machine.Cpus,
            "gpu" => gpus > 0 ? gpus : throw new UsageException("launch: --nproc_per_node gpu, but no CUDA device is visible. Give a number, or 'auto' (one per CPU without GPUs)."),
            string n => int.Parse(n, CultureInfo.InvariantCulture),
        };
        // one process per CPU core means a CPU world, GPUs or not
        LaunchBackend backend = settings.Backend ?? (gpus > 0 && settings.NprocPerNode != "cpu" ? LaunchBackend.Nccl : LaunchBackend.Mpi);
        if (backend == LaunchBackend.Nccl && machine.Gpus == 0)
            throw new UsageException("launch: --backend nccl needs CUDA GPUs, and none is visible (check nvidia-smi and CUDA_VISIBLE_DEVICES). On CPU use --backend mpi.");
        if (backend == LaunchBackend.Nccl && perNode > gpus)
            throw new UsageException($"launch: --nproc_per_node {perNode} with --backend nccl needs one GPU per process, and {gpus} {(gpus == 1 ? "is" : "are")} visible.");
        if (backend == LaunchBackend.Mpi && settings.Nnodes > 1)
            throw new UsageException($"launch: --backend mpi runs one machine's processes under mpirun; for --nnodes {settings.Nnodes} start hf-train with mpirun and a hostfile (docs/DISTRIBUTED.md, Launching), or use --backend nccl on GPUs.");

        string masterAddr = settings.Standalone ? "127.0.0.1" : settings.MasterAddr;
        int masterPort = settings.Standalone ? standalonePort : settings.MasterPort;
        int world = perNode * settings.Nnodes;
        var ranks = new List<RankProcess>(perNode);
        for (int local = 0; local < perNode; local++)
        {
            int rank = settings.NodeRank * perNode + local;
            var variables = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["RANK"] = Text(rank),
                ["LOCAL_RANK"] = Text(local),
                ["WORLD_SIZE"] = Text(world),
                ["LOCAL_WORLD_SIZE"] = Text(perNode),
                ["GROUP_RANK"] = Text(settings.NodeRank),
                ["GROUP_WORLD_SIZE"] = Text(settings.Nnodes),
                ["ROLE_RANK"] = Text(rank),
                ["ROLE_NAME"] = "default",
                ["ROLE_WORLD_SIZE"] = Text(world),
                ["MASTER_ADDR"] = masterAddr,
                ["MASTER_PORT"] = Text(masterPort),
                ["TORCHELASTIC_RESTART_COUNT"] = Text(restartCount),
                ["TORCHELASTIC_MAX_RESTARTS"] = Text(settings.MaxRestarts),
                ["TORCHELASTIC_RUN_ID"] = settings.RunId,
                // NCCL ranks meet at the launcher's store on machine 0 (RendezvousStore), as at torchrun's agent store;
                // MPI ranks meet through mpirun
                ["TORCHELASTIC_USE_AGENT_STORE"] = backend == LaunchBackend.Nccl ? "True" : "False",
                ["TORCH_NCCL_ASYNC_ERROR_HANDLING"] = environment("TORCH_NCCL_ASYNC_ERROR_HANDLING") ?? "1",
                ["HF_TRAIN_BACKEND"] = backend == LaunchBackend.Nccl ? "nccl" : "mpi",
            };
            if (environment("OMP_NUM_THREADS") is null && perNode > 1)
                variables["OMP_NUM_THREADS"] = "1";
            if (settings.GpuIds is { } gpuIds)
                variables["CUDA_VISIBLE_DEVICES"] = gpuIds;
            if (settings.MixedPrecision is { } precision)
                variables["ACCELERATE_MIXED_PRECISION"] = precision;
            ranks.Add(new RankProcess(rank, local, variables));
        }
        return new WorldPlan(backend, world, perNode, settings.NodeRank, masterAddr, masterPort, restartCount, ranks, TaskWithPrecision(settings));
    }

    /// <summary>mixed_precision from a config file becomes the task's --fp16 / --bf16, unless the task options choose.</summary>
    static IReadOnlyList<string> TaskWithPrecision(LaunchSettings settings)
    {
        if (settings.MixedPrecision is not ("fp16" or "bf16") || settings.Task.Any(a => a.Split('=')[0] is "--fp16" or "--bf16"))
            return settings.Task;
        return [.. settings.Task, "--" + settings.MixedPrecision];
    }

    static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
