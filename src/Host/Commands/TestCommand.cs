using System.CommandLine;
using HfTrain.Host.Launch;
using HfTrain.Host.Options;

namespace HfTrain.Host.Commands;

/// <summary>
/// <c>hf-train test</c>, as <c>accelerate test</c>: starts the configured world (the launch configuration, or the
/// options given) and checks that every rank starts, that all-reduce and broadcast agree, and that two training
/// steps on the embedded sample match one process. A line per rank, then one per check.
/// </summary>
internal sealed class TestCommand : IHostCommand
{
    public Command Create()
    {
        var command = new Command("test",
            "Check the launch configuration: every rank starts, all-reduce and broadcast agree, two training steps match one process.");
        var configFile = new Option<string?>("--config_file") { Description = "Launch configuration [default: $HF_HOME/hf-train/default_config.yaml, else accelerate's]", HelpName = "FILE" };
        var nproc = new Option<string?>("--nproc_per_node") { Description = "Processes on this machine, instead of the configuration's [default: 2 without one]", HelpName = "N" };
        var backend = new Option<string?>("--backend") { Description = "nccl or mpi [default: nccl with GPUs, else mpi]", HelpName = "nccl|mpi" };
        var worldCheck = new Option<bool>("--world_check") { Hidden = true };   // what each rank runs
        foreach (Option option in new Option[] { configFile, nproc, backend, worldCheck })
            command.Options.Add(option);
        command.SetAction(result =>
        {
            if (result.GetValue(worldCheck))
                return WorldCheck.Run(Environment.GetEnvironmentVariable, result.InvocationConfiguration.Output);
            Func<string, string?> environment = Environment.GetEnvironmentVariable;
            var config = LaunchConfig.Find(result.GetValue(configFile), environment);
            var flags = new List<string>();
            string? processes = result.GetValue(nproc) ?? (config.NumProcesses is null && environment("PET_NPROC_PER_NODE") is null ? "2" : null);
            if (processes is { } n)
                flags.AddRange(["--nproc_per_node", n]);
            if (result.GetValue(backend) is { } b)
                flags.AddRange(["--backend", b]);
            // the checks run in float32: a mixed_precision of the configuration would add --bf16 to `test`
            var settings = LaunchArguments.Parse([.. flags, "test", "--world_check"], environment, config) with { MixedPrecision = null };
            return Run(settings, environment,
                result.InvocationConfiguration.Output, result.InvocationConfiguration.Error);
        });
        return command;
    }

    static int Run(LaunchSettings settings, Func<string, string?> environment, TextWriter output, TextWriter error)
    {
        var worker = WorkerCommand.Current();
        var machine = LaunchCommand.ThisMachine();
        var plan = WorldPlan.For(settings, environment, machine);
        error.WriteLine($"test: starting a world of {plan.WorldSize} ({plan.Ranks.Count} on this machine, backend {(plan.Backend == LaunchBackend.Nccl ? "nccl" : "mpi")}).");
        int code = new Launcher(worker, output, error).Run(settings, environment, machine, LaunchCommand.FreePort());
        if (code != ExitCodes.Ok)
        {
            error.WriteLine("test: FAILED: the world did not start, or a collective gave a wrong result (see above).");
            return code;
        }
        output.WriteLine($"test: every rank started; all-reduce and broadcast agree on all {plan.WorldSize} ranks.");
        if (settings.Nnodes > 1)
        {
            output.WriteLine("test: the training check runs on one machine only (--nnodes 1); skipped.");
            return ExitCodes.Ok;
        }
        var folder = Directory.CreateTempSubdirectory("hf-train-test-");
        try
        {
            var check = new TrainingCheck(worker, output);
            TrainingCheck.Prepare(folder.FullName);
            var (singleCode, singleOutput) = check.RunSingle(folder.FullName, plan.WorldSize);
            if (singleCode != 0)
            {
                error.WriteLine(singleOutput);
                error.WriteLine($"test: FAILED: the one-process training run ended with exit {singleCode}.");
                return ExitCodes.Failure;
            }
            var training = settings with { Task = TrainingCheck.WorldTask(folder.FullName), MaxRestarts = 0 };
            var log = new StringWriter();
            int trained = new Launcher(worker, log, log).Run(training, environment, machine, LaunchCommand.FreePort());
            if (trained != ExitCodes.Ok)
            {
                error.Write(log.ToString());
                error.WriteLine("test: FAILED: the training run on the world failed (see above).");
                return trained;
            }
            if (!check.Compare(folder.FullName, plan.WorldSize))
                return ExitCodes.Failure;
            output.WriteLine("test: all checks passed.");
            return ExitCodes.Ok;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
