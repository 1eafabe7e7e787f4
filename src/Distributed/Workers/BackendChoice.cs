namespace HfTrain.Distributed.Workers;

/// <summary>
/// Which collectives a run uses: HF_TRAIN_BACKEND (set by <c>hf-train launch --backend</c> or by hand) wins;
/// otherwise NCCL when the run is on CUDA, Open MPI on the CPU.
/// </summary>
public static class BackendChoice
{
    public const string Variable = "HF_TRAIN_BACKEND";
    public const string Nccl = "nccl", Mpi = "mpi";

    /// <summary>The backend and why, for <c>hf-train env</c>: "nccl (CUDA device present)", "mpi (HF_TRAIN_BACKEND=mpi)".</summary>
    public static string Describe(Func<string, string?> variables, bool cuda) =>
        $"{For(variables, cuda)} ({(variables(Variable) is { Length: > 0 } set ? $"{Variable}={set}" : cuda ? "CUDA device present" : "no CUDA device: Open MPI on the CPU")})";

    public static string For(Func<string, string?> variables, bool cuda)
    {
        string? chosen = variables(Variable)?.Trim().ToLowerInvariant();
        return chosen switch
        {
            null or "" => cuda ? Nccl : Mpi,
            Nccl or Mpi => chosen,
            _ => throw new WorkerEnvironmentException($"{Variable}={variables(Variable)} is not a backend: use nccl (CUDA) or mpi (CPU, Open MPI)."),
        };
    }
}
