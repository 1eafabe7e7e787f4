using System.Runtime.InteropServices;

namespace HfTrain.Host.Launch;

/// <summary>
/// How a rank is started: the program and the words before the task (the hf-train executable itself, or
/// <c>dotnet hf-train.dll</c> when run that way). Tests give another program (a shell) to watch the supervision.
/// </summary>
internal sealed record WorkerCommand(string FileName, IReadOnlyList<string> Prefix)
{
    /// <summary>This process's own executable: the apphost <c>hf-train</c>, or <c>dotnet</c> with the entry assembly.</summary>
    public static WorkerCommand Current()
    {
        string process = Environment.ProcessPath ?? "hf-train";
        string name = Path.GetFileNameWithoutExtension(process);
        if (name == "dotnet" && System.Reflection.Assembly.GetEntryAssembly()?.Location is { Length: > 0 } entry)
            return new WorkerCommand(process, [entry]);
        return new WorkerCommand(process, []);
    }

    /// <summary>The tool's apphost beside this assembly (for tests that run the host in-process).</summary>
    public static WorkerCommand BesideHost() =>
        new(Path.Combine(AppContext.BaseDirectory, RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "hf-train.exe" : "hf-train"), []);

    /// <summary>The full command line of a rank: program, prefix, the task and its options.</summary>
    public IReadOnlyList<string> For(IReadOnlyList<string> task) => [FileName, .. Prefix, .. task];
}

/// <summary>
/// The <c>mpirun</c> command line of a CPU world (pure, unit-tested): one application context per rank
/// (<c>-np 1 -x RANK=r ... : -np 1 ...</c>), so every rank also gets torchrun's variables; <c>--oversubscribe</c> (ranks may exceed cores) and <c>--bind-to none</c> (several
/// runs share a machine); and mpirun does not abort the job itself when a rank fails
/// (<c>orte_abort_on_non_zero_status 0</c>): the launcher does, naming the rank, and a rank stopping after
/// SIGTERM is not cut short while rank 0 writes its checkpoint.
/// </summary>
internal static class MpirunCommand
{
    /// <summary>The folder where each rank's wrapper writes <c>RANK.pid</c> and <c>RANK.exit</c>.</summary>
    public const string StatusVariable = "HF_TRAIN_LAUNCH_STATUS";

    /// <summary>
    /// mpirun keeps a rank's exit status to itself (and, not aborting, reports 0), so a small POSIX shell wrapper
    /// around each rank writes the rank's pid and, when it ends, its status (128 + N after signal N) to the
    /// launcher's status folder, with the rank's output (files, not mpirun's pseudo-terminal: mpirun re-tags long lines
    /// in the middle, and a terminal makes .NET write terminal escapes); SIGTERM/SIGINT that reach the wrapper go on
    /// to the rank.
    /// </summary>
    public const string StatusScript =
        "d=\"$HF_TRAIN_LAUNCH_STATUS\"; \"$@\" > \"$d/$RANK.out\" 2> \"$d/$RANK.err\" & c=$!; echo $c > \"$d/$RANK.pid\"; " +
        "trap 'kill -TERM $c 2>/dev/null' TERM; trap 'kill -INT $c 2>/dev/null' INT; " +
        "wait $c 2>/dev/null; s=$?; while kill -0 $c 2>/dev/null; do wait $c 2>/dev/null; s=$?; done; " +
        "echo $s > \"$d/$RANK.exit.tmp\" && mv \"$d/$RANK.exit.tmp\" \"$d/$RANK.exit\"; exit $s";

    public static IReadOnlyList<string> For(WorldPlan plan, IReadOnlyList<string> rankCommand, string? deathSignalWrapper)
    {
        var args = new List<string>
        {
            "--oversubscribe", "--bind-to", "none",
            "--mca", "orte_abort_on_non_zero_status", "0",
        };
        bool first = true;
        foreach (RankProcess rank in plan.Ranks)
        {
            if (!first)
                args.Add(":");
            first = false;
            args.AddRange(["-np", "1"]);
            foreach (var (name, value) in rank.Variables.OrderBy(v => v.Key, StringComparer.Ordinal))
                args.AddRange(["-x", $"{name}={value}"]);
            // the status wrapper, then the rank; each dies with its parent, even when mpirun is killed with SIGKILL
            if (deathSignalWrapper is not null)
                args.AddRange([deathSignalWrapper, "--pdeathsig", "KILL"]);
            args.AddRange(["sh", "-c", StatusScript, "hf-train-rank"]);
            if (deathSignalWrapper is not null)
                args.AddRange([deathSignalWrapper, "--pdeathsig", "KILL"]);
            args.AddRange(rankCommand);
        }
        return args;
    }

    /// <summary>
    /// Variables mpirun itself needs: Open MPI refuses root without the two ALLOW_RUN_AS_ROOT variables (containers
    /// and CI run as root), and its shared-memory transport fails in containers without ptrace rights unless the
    /// single-copy mechanism is off. Values the user set are kept.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Environment(Func<string, string?> environment, bool root)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root)
        {
            variables["OMPI_ALLOW_RUN_AS_ROOT"] = environment("OMPI_ALLOW_RUN_AS_ROOT") ?? "1";
            variables["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = environment("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM") ?? "1";
        }
        variables["OMPI_MCA_btl_vader_single_copy_mechanism"] = environment("OMPI_MCA_btl_vader_single_copy_mechanism") ?? "none";
        return variables;
    }
}
