using System.Diagnostics;

namespace HfTrain.Host.Launch;

/// <summary>
/// One child process per rank, as torchrun starts them (the NCCL backend): the launcher's environment plus the
/// rank's variables; each child behind <c>setpriv --pdeathsig KILL</c> so it dies with the launcher, in a session of
/// its own.
/// Started from the calling thread, which must live as long as the ranks: the kernel sends the death signal when
/// the thread that forked the child ends.
/// </summary>
internal sealed class DirectRanks : IRankGroup
{
    readonly Dictionary<int, Process> _processes = [];
    readonly HashSet<int> _seen = [];

    public DirectRanks(WorldPlan plan, IReadOnlyList<string> rankCommand, RankOutput output)
    {
        foreach (RankProcess rank in plan.Ranks)
        {
            // a session of its own: a Ctrl+C at the terminal reaches the launcher alone, which passes on one SIGTERM
            // (the terminal's SIGINT on top would be a second signal, "stop at once", before the checkpoint)
            var start = ProcessTree.Piped(ProcessTree.Detached(rankCommand), input: true);
            foreach (var (name, value) in rank.Variables)
                start.Environment[name] = value;
            var process = new Process { StartInfo = start };
            int id = rank.Rank;
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Line(id, false, e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Line(id, true, e.Data); };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _processes[id] = process;
            _seen.Add(process.Id);
        }
    }

    public string? Broken => null;

    public int? ExitCode(int rank)
    {
        Process process = _processes[rank];
        if (!process.HasExited)
            return null;
        process.WaitForExit();   // the output readers drain
        return process.ExitCode;
    }

    public void Signal(int signal)
    {
        foreach (Process process in _processes.Values.Where(p => !p.HasExited))
            ProcessTree.Signal(process.Id, signal);
    }

    public void End(TimeSpan grace)
    {
        foreach (int pid in ProcessTree.Descendants(_seen))
            _seen.Add(pid);
        ProcessTree.EndAll(_seen, grace);
        foreach (Process process in _processes.Values)
            process.WaitForExit(TimeSpan.FromSeconds(5));
    }

    public void Dispose()
    {
        foreach (Process process in _processes.Values)
            process.Dispose();
    }
}
