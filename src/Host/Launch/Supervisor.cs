using System.Runtime.InteropServices;

namespace HfTrain.Host.Launch;

/// <summary>How one attempt ended.</summary>
internal sealed record AttemptOutcome(bool Succeeded, bool Interrupted, int? FailedRank, int? ExitCode, string? LastLine, string? Reason)
{
    /// <summary>The rank's last error line, when it is not its last line (a hint printed after the error, say).</summary>
    public string? LastError { get; init; }

    public static AttemptOutcome Success { get; } = new(true, false, null, 0, null, null);

    /// <summary>"rank 1 (exit 137, killed by SIGKILL); its last line: ..." for the launcher's message.</summary>
    public string Describe() =>
        FailedRank is { } rank
            ? $"rank {rank} failed ({Exit(ExitCode)}); its last output line: {(LastLine is null ? "(none)" : $"\"{LastLine}\"")}" +
              (LastError is not null && LastError != LastLine ? $"; its last error: \"{LastError}\"" : "")
            : Reason ?? "the world failed";

    static string Exit(int? code) => code switch
    {
        null => "exit status unknown",
        > 128 and < 160 => $"exit {code}, killed by {SignalName(code.Value - 128)}",
        _ => $"exit {code}",
    };

    static string SignalName(int signal) => signal switch
    {
        2 => "SIGINT", 6 => "SIGABRT", 9 => "SIGKILL", 11 => "SIGSEGV", 15 => "SIGTERM",
        _ => $"signal {signal}",
    };
}

/// <summary>
/// Watches one attempt's ranks: all end with 0 → success; one ends otherwise → the others are stopped
/// (SIGTERM, a second SIGTERM — the worker's "stop at once" — then SIGKILL, well within 60 s) and the failure
/// names the first failed rank and its last output line. A Ctrl+C or SIGTERM on the launcher goes to the ranks as
/// SIGTERM (each saves a checkpoint and stops); a second one goes on as a second SIGTERM (stop at once); a third
/// kills every rank.
/// </summary>
internal sealed class Supervisor(TimeSpan pollInterval)
{
    static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    int _signals;

    /// <summary>Ctrl+C and SIGTERM on the launcher; the registrations end with the returned object.</summary>
    public IDisposable CatchSignals() => new SignalCatcher(this);

    public bool WasInterrupted => Volatile.Read(ref _signals) > 0;

    public AttemptOutcome Watch(IRankGroup group, IReadOnlyList<int> ranks, RankOutput output)
    {
        int forwarded = 0;
        while (true)
        {
            int signals = Volatile.Read(ref _signals);
            if (signals >= 3)
            {
                // a third signal: the ranks did not stop after two SIGTERMs; kill them
                group.End(TimeSpan.Zero);
                return new AttemptOutcome(false, true, null, null, null, "the ranks were killed after a third signal (the last complete checkpoint stays valid)");
            }
            for (; forwarded < signals; forwarded++)
                group.Signal(ProcessTree.SigTerm);
            var codes = ranks.Select(r => (Rank: r, Code: group.ExitCode(r))).ToList();
            if (codes.All(c => c.Code == 0) && forwarded == 0)
            {
                group.End(StopGrace);
                return AttemptOutcome.Success;
            }
            if (forwarded > 0 && codes.All(c => c.Code is not null))
            {
                group.End(StopGrace);
                return new AttemptOutcome(false, true, null, null, null, "stopped by a signal (a checkpoint was saved where the task reached an optimizer step)");
            }
            if (forwarded == 0 && codes.FirstOrDefault(c => c.Code is not null and not 0) is { Code: not null } failed)
            {
                Stop(group);
                return new AttemptOutcome(false, false, failed.Rank, failed.Code, output.LastLine(failed.Rank), null) { LastError = output.LastError(failed.Rank) };
            }
            if (group.Broken is { } broken)
            {
                Stop(group);
                if (forwarded > 0)
                    return new AttemptOutcome(false, true, null, null, null, broken);
                int? missing = ranks.Where(r => group.ExitCode(r) is null).Select(r => (int?)r).FirstOrDefault();
                return new AttemptOutcome(false, false, missing, null, missing is { } m ? output.LastLine(m) : null, broken);
            }
            Thread.Sleep(pollInterval);
        }
    }

    /// <summary>The other ranks are likely blocked in a collective that will never complete: ask, insist, then kill.</summary>
    static void Stop(IRankGroup group)
    {
        group.Signal(ProcessTree.SigTerm);
        Thread.Sleep(TimeSpan.FromSeconds(1));
        group.Signal(ProcessTree.SigTerm);
        group.End(StopGrace);
    }

    sealed class SignalCatcher : IDisposable
    {
        readonly PosixSignalRegistration[] _registrations;

        public SignalCatcher(Supervisor supervisor)
        {
            void Handle(PosixSignalContext context)
            {
                context.Cancel = true;
                Interlocked.Increment(ref supervisor._signals);
            }
            _registrations =
            [
                PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
                PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
            ];
        }

        public void Dispose()
        {
            foreach (var registration in _registrations)
                registration.Dispose();
        }
    }
}
