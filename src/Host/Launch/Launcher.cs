using HfTrain.Engine.Training;
using HfTrain.Host.Options;

namespace HfTrain.Host.Launch;

/// <summary>
/// <c>hf-train launch</c> once its settings are known: start this machine's ranks, watch them, and after a failure
/// restart the whole group up to <c>--max_restarts</c> times from the newest complete checkpoint in the task's
/// <c>--output_dir</c> (torchrun restarts every worker too; the task resumes as run_summarization does).
/// Exit codes: 0 when every rank succeeded, 130 after Ctrl+C or SIGTERM, 2 when a rank failed for good.
/// </summary>
internal sealed class Launcher(WorkerCommand worker, TextWriter output, TextWriter error)
{
    public const int Interrupted = 130;

    public int Run(LaunchSettings settings, Func<string, string?> environment, Machine machine, int standalonePort)
    {
        ProcessTree.BecomeSubreaper();
        var supervisor = new Supervisor(TimeSpan.FromSeconds(settings.MonitorInterval));
        using var signals = supervisor.CatchSignals();
        WorldPlan first = WorldPlan.For(settings, environment, machine, 0, standalonePort);
        using RendezvousStore? store = first.Backend == LaunchBackend.Nccl && first.NodeRank == 0 ? new RendezvousStore(first.MasterPort) : null;
        for (int attempt = 0; ; attempt++)
        {
            WorldPlan plan = WorldPlan.For(settings, environment, machine, attempt, standalonePort);
            IReadOnlyList<string> task = attempt == 0 ? plan.Task : Resumed(plan.Task);
            if (attempt == 0)
                error.WriteLine($"launch: {plan.Ranks.Count} process{(plan.Ranks.Count == 1 ? "" : "es")} of a world of {plan.WorldSize} " +
                    $"(machine {plan.NodeRank}, backend {(plan.Backend == LaunchBackend.Nccl ? "nccl" : "mpi")}, master {plan.MasterAddr}:{plan.MasterPort}): {string.Join(' ', plan.Task)}");
            var rankOutput = new RankOutput(output, error);
            IReadOnlyList<string> command = settings.NoPython ? task : worker.For(task);
            AttemptOutcome outcome;
            using (IRankGroup group = plan.Backend == LaunchBackend.Mpi
                ? new MpirunRanks(plan, command, rankOutput, environment)
                : new DirectRanks(plan, command, rankOutput))
            {
                outcome = supervisor.Watch(group, plan.Ranks.Select(r => r.Rank).ToList(), rankOutput);
            }
            if (outcome.Succeeded)
                return ExitCodes.Ok;
            if (outcome.Interrupted || supervisor.WasInterrupted)
            {
                error.WriteLine($"launch: {outcome.Reason ?? "stopped by a signal"}; every rank has ended.");
                return Interrupted;
            }
            error.WriteLine($"launch: {outcome.Describe()}.");
            if (attempt >= settings.MaxRestarts)
            {
                error.WriteLine(settings.MaxRestarts == 0
                    ? "launch: every rank has been stopped. Fix the cause above; --max_restarts K restarts the group from its newest checkpoint."
                    : $"launch: every rank has been stopped; no restart left (--max_restarts {settings.MaxRestarts}).");
                return ExitCodes.Failure;
            }
            error.WriteLine($"launch: restarting every rank ({attempt + 1} of --max_restarts {settings.MaxRestarts}){ResumeNote(plan.Task)}.");
        }
    }

    /// <summary>The task's options plus <c>--resume_from_checkpoint</c> at the newest complete checkpoint, if any (last occurrence wins).</summary>
    public static IReadOnlyList<string> Resumed(IReadOnlyList<string> task) =>
        OutputDir(task) is { } folder && Directory.Exists(folder) && new CheckpointStore(folder).Latest() is { } checkpoint
            ? [.. task, "--resume_from_checkpoint", checkpoint]
            : task;

    static string ResumeNote(IReadOnlyList<string> task) =>
        OutputDir(task) is { } folder && Directory.Exists(folder) && new CheckpointStore(folder).Latest() is { } checkpoint
            ? $" from {checkpoint}"
            : " from the start (no complete checkpoint in --output_dir yet)";

    /// <summary>The last <c>--output_dir</c> of the task's options (HF spelling, dash spelling, <c>=value</c>).</summary>
    public static string? OutputDir(IReadOnlyList<string> task)
    {
        string? found = null;
        for (int i = 0; i < task.Count; i++)
        {
            string name = task[i].Split('=', 2)[0];
            if (name is not ("--output_dir" or "--output-dir"))
                continue;
            if (task[i].Contains('='))
                found = task[i].Split('=', 2)[1];
            else if (i + 1 < task.Count)
                found = task[i + 1];
        }
        return found;
    }
}
