using System.Globalization;
using HfTrain.Host.Options;

namespace HfTrain.Host.Launch;

/// <summary>Which engine joins the ranks: NCCL (CUDA, ranks started directly) or Open MPI (CPU, ranks under mpirun).</summary>
internal enum LaunchBackend { Nccl, Mpi }

/// <summary>
/// The launcher's settings after flags, <c>PET_*</c> variables and the config file are combined (torchrun's
/// precedence: a flag beats its <c>PET_</c> variable, which beats the config file, which beats the default).
/// <see cref="NprocPerNode"/> is still a word (<c>auto</c>, <c>gpu</c>, <c>cpu</c>) or a number here;
/// <see cref="WorldPlan"/> resolves it against the machine.
/// </summary>
internal sealed record LaunchSettings
{
    public string NprocPerNode { get; init; } = "1";
    public int Nnodes { get; init; } = 1;
    public int NodeRank { get; init; }
    public string MasterAddr { get; init; } = "127.0.0.1";
    public int MasterPort { get; init; } = 29500;
    public bool Standalone { get; init; }
    public int MaxRestarts { get; init; }
    public double MonitorInterval { get; init; } = 0.1;
    public LaunchBackend? Backend { get; init; }
    public string RunId { get; init; } = "none";
    public string? ConfigFile { get; init; }
    public string? GpuIds { get; init; }
    public string? MixedPrecision { get; init; }
    public bool UseCpu { get; init; }

    /// <summary>torchrun's --no-python: the first word after the options is a program (e.g. hf-train itself), not a task.</summary>
    public bool NoPython { get; init; }

    /// <summary>The task name and its options, passed to every rank unchanged.</summary>
    public IReadOnlyList<string> Task { get; init; } = [];
}

/// <summary>
/// Parses <c>hf-train launch [launcher flags] &lt;task&gt; [task options]</c> as torchrun does: flags before the
/// task belong to the launcher (dash and underscore spellings, <c>--flag value</c> and <c>--flag=value</c>),
/// everything from the task name on belongs to the task. Pure: the environment is passed in.
/// </summary>
internal static class LaunchArguments
{
    /// <summary>Flag (canonical, underscores) → its <c>PET_</c> variable; null where torchrun has none.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Flags = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["nproc_per_node"] = "PET_NPROC_PER_NODE",
        ["nnodes"] = "PET_NNODES",
        ["node_rank"] = "PET_NODE_RANK",
        ["master_addr"] = "PET_MASTER_ADDR",
        ["master_port"] = "PET_MASTER_PORT",
        ["standalone"] = "PET_STANDALONE",
        ["max_restarts"] = "PET_MAX_RESTARTS",
        ["monitor_interval"] = "PET_MONITOR_INTERVAL",
        ["rdzv_id"] = "PET_RDZV_ID",
        ["no_python"] = "PET_NO_PYTHON",
        ["backend"] = null,
        ["config_file"] = null,
    };

    static readonly HashSet<string> Switches = ["standalone", "no_python"];

    /// <summary>
    /// torchrun flags that make no sense for a .NET tool or an elastic agent hf-train does not have: named, so
    /// the message says why rather than "unknown".
    /// </summary>
    static readonly Dictionary<string, string> Refused = new(StringComparer.Ordinal)
    {
        ["module"] = "hf-train runs its own executable; give the task name (e.g. summarization), not a Python module",
        ["m"] = "hf-train runs its own executable; give the task name (e.g. summarization), not a Python module",
        ["rdzv_backend"] = "hf-train uses a static rendezvous: give --master_addr and --master_port (or --standalone)",
        ["rdzv_endpoint"] = "hf-train uses a static rendezvous: give --master_addr and --master_port (or --standalone)",
        ["rdzv_conf"] = "hf-train uses a static rendezvous: give --master_addr and --master_port (or --standalone)",
        ["log_dir"] = "every rank's output comes to the launcher's terminal (other ranks' lines marked [rankN]:); redirect the launcher's output",
        ["redirects"] = "every rank's output comes to the launcher's terminal (other ranks' lines marked [rankN]:); redirect the launcher's output",
        ["tee"] = "every rank's output comes to the launcher's terminal (other ranks' lines marked [rankN]:); redirect the launcher's output",
        ["start_method"] = "each rank is a process of its own, there is no other start method",
        ["run_path"] = "hf-train runs its own executable; give the task name (e.g. summarization)",
    };

    public static LaunchSettings Parse(IReadOnlyList<string> args, Func<string, string?> environment, LaunchConfig? config = null)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        int i = 0;
        for (; i < args.Count && args[i].StartsWith('-') && args[i] != "--"; i++)
        {
            string token = args[i];
            int equals = token.IndexOf('=');
            string name = (equals > 0 ? token[..equals] : token).TrimStart('-').Replace('-', '_');
            if (Refused.TryGetValue(name, out string? why))
                throw new UsageException($"launch: {token} is not supported: {why}.");
            if (!Flags.ContainsKey(name))
                throw new UsageException($"launch: unknown option '{token}'." + DidYouMean(name) +
                    " Launcher options come before the task name; the task's options after it. Run 'hf-train launch --help' for the options.");
            if (Switches.Contains(name))
            {
                given[name] = equals > 0 ? token[(equals + 1)..] : "1";
                continue;
            }
            if (equals > 0)
                given[name] = token[(equals + 1)..];
            else if (i + 1 < args.Count)
                given[name] = args[++i];
            else
                throw new UsageException($"launch: {token} needs a value.");
        }
        if (i < args.Count && args[i] == "--")
            i++;
        if (i >= args.Count)
            throw new UsageException("launch: no task given. Usage: hf-train launch [launcher options] <task> [task options], e.g. hf-train launch --nproc_per_node 2 summarization --do_train ...");

        string? Value(string name) =>
            given.TryGetValue(name, out string? flag) ? flag
            : Flags[name] is { } pet && environment(pet) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : null;

        config ??= LaunchConfig.Empty;
        var settings = new LaunchSettings
        {
            NprocPerNode = ParseNproc(Value("nproc_per_node") ?? config.ProcessesPerMachine?.ToString(CultureInfo.InvariantCulture) ?? "1"),
            Nnodes = ParseNnodes(Value("nnodes")) ?? config.NumMachines ?? 1,
            NodeRank = Int(Value("node_rank"), "node_rank", min: 0) ?? config.MachineRank ?? 0,
            MasterAddr = Value("master_addr") ?? config.MainProcessIp ?? "127.0.0.1",
            MasterPort = Int(Value("master_port"), "master_port", min: 0, max: 65535) ?? config.MainProcessPort ?? 29500,
            Standalone = Switch(Value("standalone"), "standalone"),
            NoPython = Switch(Value("no_python"), "no_python"),
            MaxRestarts = Int(Value("max_restarts"), "max_restarts", min: 0) ?? 0,
            MonitorInterval = Seconds(Value("monitor_interval")) ?? 0.1,
            Backend = Backend(Value("backend")),
            RunId = Value("rdzv_id") ?? "none",
            ConfigFile = given.GetValueOrDefault("config_file"),
            GpuIds = config.GpuIds,
            MixedPrecision = config.MixedPrecision,
            UseCpu = config.UseCpu,
            Task = args.Skip(i).ToList(),
        };
        if (settings.NodeRank >= settings.Nnodes)
            throw new UsageException($"launch: --node_rank {settings.NodeRank} must be below --nnodes {settings.Nnodes} (machines are numbered from 0).");
        if (settings.Standalone && settings.Nnodes > 1)
            throw new UsageException($"launch: --standalone is a single-machine run; it cannot go with --nnodes {settings.Nnodes}.");
        return settings;
    }

    static string DidYouMean(string name)
    {
        // same start, as in --nproc for --nproc_per_node or --master_adr for --master_addr (Cli's edit distance sits above this folder)
        string start = name.Length >= 4 ? name[..4] : name;
        var close = Flags.Keys.Where(k => k.StartsWith(start, StringComparison.Ordinal)).Select(k => "--" + k).ToList();
        return close.Count == 0 ? "" : $" Did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?";
    }

    static string ParseNproc(string value) => value switch
    {
        "auto" or "gpu" or "cpu" => value,
        _ when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 => n.ToString(CultureInfo.InvariantCulture),
        _ => throw new UsageException($"launch: --nproc_per_node '{value}' is not valid: give a positive number, 'auto' (one per GPU, else one per CPU), 'gpu' or 'cpu'."),
    };

    /// <summary>torchrun's <c>--nnodes N</c> or <c>MIN:MAX</c>; only a fixed size (MIN = MAX): there is no elastic agent.</summary>
    static int? ParseNnodes(string? value)
    {
        if (value is null)
            return null;
        string[] parts = value.Split(':');
        if (parts.Length == 2 && parts[0] != parts[1])
            throw new UsageException($"launch: --nnodes {value}: an elastic range is not supported; give a fixed number of machines (e.g. --nnodes {parts[1]}).");
        return Int(parts[0], "nnodes", min: 1);
    }

    static int? Int(string? value, string name, int min, int max = int.MaxValue) =>
        value is null ? null
        : int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max ? n
        : throw new UsageException($"launch: --{name} '{value}' is not valid: give a whole number{(max == int.MaxValue ? $" ≥ {min}" : $" from {min} to {max}")}.");

    static double? Seconds(string? value) =>
        value is null ? null
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0 ? s
        : throw new UsageException($"launch: --monitor_interval '{value}' is not valid: give seconds, e.g. 0.1.");

    /// <summary>torchrun's check_env: a switch, or its PET_ variable as 1/0 (true/false accepted too).</summary>
    static bool Switch(string? value, string name) => value?.ToLowerInvariant() switch
    {
        null or "0" or "false" or "no" => false,
        "1" or "true" or "yes" => true,
        _ => throw new UsageException($"launch: --{name} '{value}' is not valid: it is a switch (PET_{name.ToUpperInvariant()}=1 or 0)."),
    };

    static LaunchBackend? Backend(string? value) => value?.ToLowerInvariant() switch
    {
        null => null,
        "nccl" => LaunchBackend.Nccl,
        "mpi" => LaunchBackend.Mpi,
        _ => throw new UsageException($"launch: --backend '{value}' is not valid: give nccl (CUDA GPUs) or mpi (CPU, through Open MPI's mpirun)."),
    };
}
