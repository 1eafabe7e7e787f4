using HfTrain.Host.Launch;

namespace HfTrain.Host.Tests.Launch;

/// <summary>
/// The NCCL path (ranks started directly, as torchrun does) with real shell ranks; the machine is described as
/// having two GPUs, which the shell ranks never touch, so the path runs on any machine.
/// </summary>
[Collection(LaunchCollection.Name)]
public sealed class DirectLaunchTests
{
    static (int Code, string Output, string Error) Run(string launcherOptions, string script)
    {
        string[] args = [.. launcherOptions.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--no_python", "sh", "-c", script];
        var settings = LaunchArguments.Parse(args, _ => null);
        var output = new StringWriter();
        var error = new StringWriter();
        int code = new Launcher(WorkerCommand.BesideHost(), output, error).Run(settings, _ => null, new Machine(Gpus: 2, Cpus: 2), standalonePort: 29400);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Each_rank_is_a_child_with_its_environment_and_the_backend_is_nccl()
    {
        var (code, output, error) = Run("--nproc_per_node 2", "echo \"RANK=$RANK LOCAL_RANK=$LOCAL_RANK WORLD_SIZE=$WORLD_SIZE BACKEND=$HF_TRAIN_BACKEND\"");
        Assert.True(code == 0, error);
        Assert.Contains("RANK=0 LOCAL_RANK=0 WORLD_SIZE=2 BACKEND=nccl\n", output.Replace("\r", ""));
        Assert.Contains("[rank1]: RANK=1 LOCAL_RANK=1 WORLD_SIZE=2 BACKEND=nccl\n", output.Replace("\r", ""));
        Assert.Contains("backend nccl", error);
    }

    [Fact]
    public void Ranks_run_in_their_own_session_so_a_terminals_ctrl_c_reaches_the_launcher_alone()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        string launcherSession = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[3];
        var (code, output, error) = Run("--nproc_per_node 2", "s=$(cut -d' ' -f6 /proc/$$/stat); echo \"session $s\"");
        Assert.True(code == 0, error);
        var sessions = output.Split('\n').Where(l => l.Contains("session ")).Select(l => l.Split("session ")[1].Trim()).ToList();
        Assert.Equal(2, sessions.Count);
        Assert.DoesNotContain(launcherSession, sessions);
    }

    [Fact]
    public void A_hint_after_the_error_does_not_hide_the_error()
    {
        var (code, _, error) = Run("--nproc_per_node 2", "if [ $RANK = 1 ]; then echo 'error: no such file: x.csv' >&2; echo 'Run again with HF_TRAIN_DEBUG=1' >&2; exit 2; fi; sleep 30");
        Assert.Equal(2, code);
        Assert.Contains("launch: rank 1 failed (exit 2); its last output line: \"Run again with HF_TRAIN_DEBUG=1\"; its last error: \"error: no such file: x.csv\"", error);
    }

    [Fact]
    public void A_failed_rank_stops_the_other_and_is_named_with_its_last_line()
    {
        var (code, _, error) = Run("--nproc_per_node 2", "if [ $RANK = 1 ]; then echo 'out of memory' >&2; exit 7; fi; sleep 30");
        Assert.Equal(2, code);
        Assert.Contains("launch: rank 1 failed (exit 7); its last output line: \"out of memory\"", error);
    }
}
