namespace HfTrain.Distributed.Workers;

/// <summary>
/// Which collectives a run uses: HF_TRAIN_BACKEND (set by <c>hf-train launch --backend</c> or by hand) wins;
/// otherwise NCCL when the run is on CUDA, Open MPI on the CPU.
/// </summary>
public static class BackendChoice
{
    public const string Variable = "HF_TRAIN_BACKEND";
    public const string Nccl = "nccl", Mpi = "mpi";

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
