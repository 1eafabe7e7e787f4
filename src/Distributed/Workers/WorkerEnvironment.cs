using System.Globalization;

namespace HfTrain.Distributed.Workers;

/// <summary>Which launcher started this process.</summary>
public enum WorkerLauncher
{
    /// <summary>No launcher: a run of one process.</summary>
    None,
    /// <summary>torchrun or <c>hf-train launch</c> (torchrun's worker environment).</summary>
    Torchrun,
    Mpirun,
    Slurm,
}

/// <summary>
/// This process's place in a run, read from the environment its launcher gave it — a pure function of the
/// variables (<see cref="Detect"/>), so each launcher's mapping is unit-tested:
/// <list type="bullet">
/// <item>torchrun / <c>hf-train launch</c>: RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, GROUP_RANK, MASTER_ADDR,
/// MASTER_PORT; TORCHELASTIC_USE_AGENT_STORE=True when the agent's TCPStore serves at MASTER_ADDR:MASTER_PORT.</item>
/// <item>mpirun (Open MPI): OMPI_COMM_WORLD_RANK, _SIZE, _LOCAL_RANK, _LOCAL_SIZE, OMPI_COMM_WORLD_NODE_RANK.</item>
/// <item>srun (Slurm job step): SLURM_PROCID, SLURM_STEP_NUM_TASKS or SLURM_NTASKS, SLURM_LOCALID, SLURM_NODEID;
/// the master is the first host of SLURM_STEP_NODELIST or SLURM_JOB_NODELIST unless MASTER_ADDR is set. A batch
/// script itself (no SLURM_STEP_ID) is one process.</item>
/// </list>
/// torchrun's variables win over mpirun's, and mpirun's over Slurm's (mpirun inside an allocation).
/// </summary>
public sealed record WorkerEnvironment(
    WorkerLauncher Launcher, int Rank, int WorldSize, int LocalRank, int LocalWorldSize, int NodeRank,
    string? MasterAddress, int? MasterPort, string? StoreAddress)
{
    public const int DefaultMasterPort = 29500;

    /// <summary>The launcher's store (host:port) to meet the other ranks at: TORCHELASTIC_USE_AGENT_STORE=True →
    /// MASTER_ADDR:MASTER_PORT (torchrun's agent store); HF_TRAIN_STORE=host:port names another one.</summary>
    public const string StoreVariable = "HF_TRAIN_STORE";

    public static WorkerEnvironment Single { get; } = new(WorkerLauncher.None, 0, 1, 0, 1, 0, null, null, null);

    public bool IsDistributed => Launcher != WorkerLauncher.None;

    /// <summary>One line for <c>hf-train env</c> and logs: the launcher, rank, local rank, world and where the ranks meet.</summary>
    public string Summary => !IsDistributed ? LauncherName
        : $"{LauncherName} (rank {Rank} of {WorldSize}, local rank {LocalRank} of {LocalWorldSize}, node {NodeRank}" +
          (MasterAddress is null ? "" : $"; master {MasterAddress}{(MasterPort is { } p ? $":{p}" : "")}") +
          (StoreAddress is null ? "" : $"; store {StoreAddress}") + ")";

    public string LauncherName => Launcher switch
    {
        WorkerLauncher.Torchrun => "torchrun",
        WorkerLauncher.Mpirun => "mpirun",
        WorkerLauncher.Slurm => "srun",
        _ => "none (one process)",
    };

    /// <exception cref="WorkerEnvironmentException">a variable is malformed or the ranks do not fit the world.</exception>
    public static WorkerEnvironment Detect(Func<string, string?> variables)
    {
        string? Get(string name) => variables(name) is { Length: > 0 } v ? v.Trim() : null;
        string? masterAddress = Get("MASTER_ADDR");
        int? masterPort = Get("MASTER_PORT") is { } port ? Number("MASTER_PORT", port, min: 1) : null;
        string? store = Get(StoreVariable) ?? (Get("TORCHELASTIC_USE_AGENT_STORE") is { } agent && agent.Equals("true", StringComparison.OrdinalIgnoreCase)
            && masterAddress is not null && masterPort is not null ? $"{masterAddress}:{masterPort}" : null);

        WorkerEnvironment result;
        if (Get("RANK") is { } rank && Get("WORLD_SIZE") is { } world)
        {
            int r = Number("RANK", rank), w = Number("WORLD_SIZE", world, min: 1);
            result = new(WorkerLauncher.Torchrun, r, w, Optional("LOCAL_RANK", r), Optional("LOCAL_WORLD_SIZE", w),
                Optional("GROUP_RANK", 0), masterAddress, masterPort, store);
        }
        else if (Get("OMPI_COMM_WORLD_RANK") is { } mpiRank && Get("OMPI_COMM_WORLD_SIZE") is { } mpiSize)
        {
            int r = Number("OMPI_COMM_WORLD_RANK", mpiRank), w = Number("OMPI_COMM_WORLD_SIZE", mpiSize, min: 1);
            result = new(WorkerLauncher.Mpirun, r, w, Optional("OMPI_COMM_WORLD_LOCAL_RANK", r), Optional("OMPI_COMM_WORLD_LOCAL_SIZE", w),
                Optional("OMPI_COMM_WORLD_NODE_RANK", 0), masterAddress, masterPort, store);
        }
        else if (Get("SLURM_PROCID") is { } slurmRank && Get("SLURM_STEP_ID") is not null
                 && (Get("SLURM_STEP_NUM_TASKS") ?? Get("SLURM_NTASKS")) is { } slurmSize)
        {
            int r = Number("SLURM_PROCID", slurmRank), w = Number("SLURM_NTASKS", slurmSize, min: 1);
            string? nodes = Get("SLURM_STEP_NODELIST") ?? Get("SLURM_JOB_NODELIST");
            string? first = masterAddress ?? (nodes is null ? null : SlurmNodeList.Expand(nodes).FirstOrDefault());
            int localSize = (Get("SLURM_STEP_TASKS_PER_NODE") ?? Get("SLURM_TASKS_PER_NODE")) is { } perNode ? TasksOnFirstNode(perNode, w) : w;
            result = new(WorkerLauncher.Slurm, r, w, Optional("SLURM_LOCALID", r), localSize, Optional("SLURM_NODEID", 0),
                first, masterPort ?? DefaultMasterPort, store);
        }
        else
        {
            return Single;
        }
        if (result.Rank >= result.WorldSize || result.LocalRank >= result.LocalWorldSize)
            throw new WorkerEnvironmentException(
                $"The {result.LauncherName} environment gives rank {result.Rank} (local {result.LocalRank}) in a world of {result.WorldSize} " +
                $"(local {result.LocalWorldSize}): a rank must be below its world size. Start the run through the launcher, or unset these variables.");
        return result;

        int Optional(string name, int fallback) => Get(name) is { } v ? Number(name, v) : fallback;
    }

    /// <summary>Slurm's tasks-per-node list ("2(x3),1"): the count on this process's node is not known without
    /// SLURM_NODEID bookkeeping, so the first entry stands for a homogeneous step.</summary>
    static int TasksOnFirstNode(string perNode, int world)
    {
        string first = perNode.Split(',')[0];
        int paren = first.IndexOf('(');
        return int.TryParse(paren < 0 ? first : first[..paren], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : world;
    }

    static int Number(string name, string text, int min = 0) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min ? value
            : throw new WorkerEnvironmentException($"{name}={text} is not a whole number of at least {min}; the launcher sets it, so check how the worker was started.");
}

/// <summary>The launcher's variables do not describe a valid world; the message names the variable.</summary>
public sealed class WorkerEnvironmentException(string message) : Exception(message);
