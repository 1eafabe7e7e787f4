namespace HfTrain.Host.Launch;

/// <summary>
/// The running processes of one attempt: started directly (<see cref="DirectRanks"/>, NCCL) or under mpirun
/// (<see cref="MpirunRanks"/>, Open MPI). The supervisor polls them; they never decide the outcome themselves.
/// </summary>
internal interface IRankGroup : IDisposable
{
    /// <summary>The rank's exit status once it has ended (128 + N for death by signal N), else null.</summary>
    int? ExitCode(int rank);

    /// <summary>Why the group cannot go on although no rank reported a failure (mpirun ended early), else null.</summary>
    string? Broken { get; }

    /// <summary>Sends <paramref name="signal"/> to every rank still running.</summary>
    void Signal(int signal);

    /// <summary>Ends every process of the group, helpers included: SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    void End(TimeSpan grace);
}
