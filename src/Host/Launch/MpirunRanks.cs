using System.Diagnostics;
using System.Globalization;

namespace HfTrain.Host.Launch;

/// <summary>
/// A CPU world under Open MPI's <c>mpirun</c> (the MPI backend: Open MPI joins only processes it started).
/// mpirun runs in its own session (<c>setsid</c>), so a Ctrl+C at the terminal reaches the launcher alone, which
/// forwards SIGTERM to the ranks; and behind <c>setpriv --pdeathsig KILL</c>, so it dies with the launcher.
/// Each rank's pid and exit status come from the status wrapper (<see cref="MpirunCommand.StatusScript"/>).
/// </summary>
internal sealed class MpirunRanks : IRankGroup
{
    readonly Process _mpirun;
    readonly string _status = Directory.CreateTempSubdirectory("hf-train-launch-").FullName;
    readonly HashSet<int> _seen = [];
    readonly Dictionary<int, DateTime> _vanished = [];
    readonly List<FileTail> _tails = [];
    readonly List<int> _requested = [];
    readonly Dictionary<int, int> _delivered = [];
    readonly CancellationTokenSource _stopReading = new();
    readonly Thread _reader;

    public MpirunRanks(WorldPlan plan, IReadOnlyList<string> rankCommand, RankOutput output, Func<string, string?> environment)
    {
        string mpirun = ProcessTree.Which("mpirun")
            ?? throw new Options.UsageException("launch: the mpi backend needs Open MPI's mpirun, and it is not on PATH. Install it (Debian/Ubuntu: apt-get install openmpi-bin libopenmpi3) or use --backend nccl on GPUs.");
        var start = ProcessTree.Piped(ProcessTree.Detached([mpirun, .. MpirunCommand.For(plan, rankCommand, ProcessTree.DeathSignalWrapper)]), input: true);
        foreach (var (name, value) in MpirunCommand.Environment(environment, ProcessTree.IsRoot))
            start.Environment[name] = value;
        start.Environment[MpirunCommand.StatusVariable] = _status;
        _mpirun = new Process { StartInfo = start };
        _mpirun.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Launcher(e.Data); };
        _mpirun.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Launcher(e.Data); };
        _mpirun.Start();
        _mpirun.BeginOutputReadLine();
        _mpirun.BeginErrorReadLine();
        _seen.Add(_mpirun.Id);
        Ranks = plan.Ranks.Select(r => r.Rank).ToList();
        foreach (int rank in Ranks)
        {
            _tails.Add(new FileTail(Path.Combine(_status, $"{rank}.out"), line => output.Line(rank, false, line)));
            _tails.Add(new FileTail(Path.Combine(_status, $"{rank}.err"), line => output.Line(rank, true, line)));
        }
        _reader = new Thread(ReadOutput) { IsBackground = true, Name = "rank output" };
        _reader.Start();
    }

    void ReadOutput()
    {
        while (!_stopReading.IsCancellationRequested)
        {
            foreach (FileTail tail in _tails)
                tail.Poll();
            _stopReading.Token.WaitHandle.WaitOne(50);
        }
    }

    public IReadOnlyList<int> Ranks { get; }

    /// <summary>A rank's process id, once its wrapper has started it.</summary>
    public int? Pid(int rank) =>
        ReadNumber(Path.Combine(_status, $"{rank}.pid"));

    public int? ExitCode(int rank)
    {
        Deliver();
        if (ReadNumber(Path.Combine(_status, $"{rank}.exit")) is { } code)
            return code;
        // the wrapper itself was killed: the rank is gone without a status; give the wrapper a moment to write it
        if (Pid(rank) is { } pid && !ProcessTree.IsAlive(pid))
        {
            var now = DateTime.UtcNow;
            if (!_vanished.TryGetValue(rank, out var since))
                _vanished[rank] = since = now;
            return now - since > TimeSpan.FromSeconds(2) ? 128 + ProcessTree.SigKill : null;
        }
        return null;
    }

    public string? Broken
    {
        get
        {
            if (!_mpirun.HasExited)
            {
                foreach (int pid in ProcessTree.Descendants([_mpirun.Id]))
                    _seen.Add(pid);   // remembered: an orphan loses its link to mpirun
                return null;
            }
            _mpirun.WaitForExit();
            return Ranks.All(r => ExitCode(r) is not null) ? null : $"mpirun ended (exit {_mpirun.ExitCode}) while ranks were still running";
        }
    }

    public void Signal(int signal)
    {
        _requested.Add(signal);
        Deliver();
    }

    /// <summary>Signals sent before a rank had started reach it once its wrapper names its pid.</summary>
    void Deliver()
    {
        foreach (int rank in Ranks)
        {
            int sent = _delivered.GetValueOrDefault(rank);
            if (sent >= _requested.Count || Pid(rank) is not { } pid || ReadNumber(Path.Combine(_status, $"{rank}.exit")) is not null)
                continue;
            foreach (int signal in _requested.Skip(sent))
                ProcessTree.Signal(pid, signal);
            _delivered[rank] = _requested.Count;
        }
    }

    public void End(TimeSpan grace)
    {
        if (Ranks.All(r => ExitCode(r) is not null))
            _mpirun.WaitForExit(TimeSpan.FromSeconds(10));   // every rank done: mpirun ends by itself
        foreach (int rank in Ranks)
        {
            if (Pid(rank) is { } pid)
                _seen.Add(pid);
        }
        ProcessTree.EndAll(_seen, grace);
        _mpirun.WaitForExit(TimeSpan.FromSeconds(5));
        _stopReading.Cancel();
        _reader.Join();
        foreach (FileTail tail in _tails)
            tail.Flush();
    }

    static int? ReadNumber(string file)
    {
        try
        {
            return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _stopReading.Cancel();
        _reader.Join();
        _stopReading.Dispose();
        _mpirun.Dispose();
        try
        {
            Directory.Delete(_status, recursive: true);
        }
        catch (IOException)
        {
            // a file still being written by a dying wrapper: the temporary folder stays
        }
    }
}
