using HfTrain.Abstractions;
using HfTrain.Distributed;
using HfTrain.Distributed.Mpi;
using HfTrain.Distributed.Nccl;
using HfTrain.Distributed.Workers;
using HfTrain.Engine.Runs;

namespace HfTrain.Host.Jobs;

/// <summary>
/// Joins this process to the run's world before a task runs: the launcher's environment (<see cref="WorkerEnvironment"/>)
/// gives the rank; the backend (<see cref="BackendChoice"/>) connects the ranks — Open MPI's MPI_COMM_WORLD under
/// mpirun, NCCL on CUDA with its id exchanged through the launcher's store. Without a launcher the run is one process
/// and nothing is loaded. The one place where a task run meets the collectives.
/// </summary>
internal sealed class RunWorld : IDisposable
{
    readonly ICollectives? _collectives;
    bool _completed;

    public RunContext Context { get; }

    RunWorld(RunContext context, ICollectives? collectives) => (Context, _collectives) = (context, collectives);

    /// <exception cref="TaskInputException">the environment or the backend cannot form the world; the message says why.</exception>
    public static RunWorld Join(bool useCpu, Func<string, string?> variables)
    {
        try
        {
            var worker = WorkerEnvironment.Detect(variables);
            if (!worker.IsDistributed)
                return new RunWorld(RunContext.Single, null);
            bool cuda = !useCpu && TorchSharp.torch.cuda.is_available();
            string backend = BackendChoice.For(variables, cuda);
            ICollectives collectives = backend == BackendChoice.Mpi
                ? MpiCollectives.Initialize()
                : NcclCollectives.Create(worker, NcclSettings.From(variables, HfTrain.Engine.Native.TorchLibrary.Choice?.Folder));
            if (collectives.Rank != worker.Rank || collectives.WorldSize != worker.WorldSize)
            {
                collectives.Dispose();
                throw new CollectiveException(
                    $"{worker.LauncherName} says rank {worker.Rank} of {worker.WorldSize}, but the {backend} backend joined rank {collectives.Rank} of " +
                    $"{collectives.WorldSize}. The mpi backend needs the ranks started by mpirun (hf-train launch --backend mpi does that); " +
                    $"under torchrun or srun use --backend nccl on GPUs.");
            }
            return new RunWorld(new RunContext(collectives.Rank, collectives.WorldSize, collectives) { LocalRank = worker.LocalRank }, collectives);
        }
        catch (WorkerEnvironmentException e)
        {
            throw new TaskInputException(e.Message);
        }
        catch (CollectiveException e)
        {
            throw new TaskInputException(e.Message);
        }
    }

    /// <summary>The task ended normally on this rank: leaving the world may wait for the others.</summary>
    public void Complete() => _completed = true;

    /// <summary>After a normal end the world is left in order (MPI_Finalize, ncclCommDestroy). After a failure it is
    /// not: the others may be blocked in a collective this rank will never join, and a finalize would wait for them;
    /// the process exits instead, and the launcher (mpirun, torchrun, hf-train launch) ends the other ranks.</summary>
    public void Dispose()
    {
        if (_completed)
            _collectives?.Dispose();
    }
}
