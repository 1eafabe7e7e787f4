using System.CommandLine;
using HfTrain.Engine.Formats;
using HfTrain.Host.Launch;
using HfTrain.Host.Options;

namespace HfTrain.Host.Commands;

/// <summary>
/// <c>hf-train config</c>, as <c>accelerate config</c>: asks (or takes options) for processes, machines, this
/// machine's rank, the main machine's address and port, mixed precision and GPU ids, and writes
/// <c>$HF_HOME/hf-train/default_config.yaml</c> in accelerate's keys, which <c>hf-train launch</c> reads.
/// </summary>
internal sealed class ConfigCommand : IHostCommand
{
    public Command Create()
    {
        var command = new Command("config",
            "Write the launch configuration `hf-train launch` reads (accelerate's keys): asks each value, or takes them as options.");
        var processes = new Option<int?>("--num_processes") { Description = "Processes on all machines together (accelerate counts them so)", HelpName = "N" };
        var machines = new Option<int?>("--num_machines") { Description = "Machines", HelpName = "N" };
        var rank = new Option<int?>("--machine_rank") { Description = "This machine's rank, 0 for the main one", HelpName = "R" };
        var address = new Option<string?>("--main_process_ip") { Description = "Address of the main machine", HelpName = "ADDR" };
        var port = new Option<int?>("--main_process_port") { Description = "Port on the main machine", HelpName = "PORT" };
        var precision = new Option<string?>("--mixed_precision") { Description = "no, fp16 or bf16", HelpName = "no|fp16|bf16" };
        var gpuIds = new Option<string?>("--gpu_ids") { Description = "GPUs to use on this machine: all, or ids like 0,1", HelpName = "IDS" };
        var cpu = new Option<bool>("--use_cpu") { Description = "Train on the CPU (ranks under Open MPI's mpirun)" };
        var file = new Option<string?>("--config_file") { Description = "Where to write [default: $HF_HOME/hf-train/default_config.yaml]", HelpName = "FILE" };
        foreach (Option option in new Option[] { processes, machines, rank, address, port, precision, gpuIds, cpu, file })
            command.Options.Add(option);
        command.SetAction(result =>
        {
            var output = result.InvocationConfiguration.Output;
            bool anyValue = new Option[] { processes, machines, rank, address, port, precision, gpuIds, cpu }.Any(o => result.GetResult(o) is not null);
            LaunchConfig config = anyValue
                ? Check(new LaunchConfig
                {
                    NumProcesses = result.GetValue(processes) ?? result.GetValue(machines) ?? 1,
                    NumMachines = result.GetValue(machines) ?? 1,
                    MachineRank = result.GetValue(rank) ?? 0,
                    MainProcessIp = result.GetValue(address),
                    MainProcessPort = result.GetValue(port),
                    MixedPrecision = result.GetValue(precision)?.ToLowerInvariant() ?? "no",
                    GpuIds = result.GetValue(gpuIds) is { } ids && ids != "all" ? ids : null,
                    UseCpu = result.GetValue(cpu),
                })
                : new ConfigQuestions(Console.In, output, LaunchCommand.ThisMachine()).Ask();
            string path = result.GetValue(file) ?? LaunchConfig.DefaultPath(Environment.GetEnvironmentVariable);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            AtomicFile.WriteAllText(path, config.ToYaml());
            output.WriteLine($"hf-train configuration saved at {path}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The same checks as a file read back: what `config` writes, `launch` accepts.</summary>
    static LaunchConfig Check(LaunchConfig config)
    {
        LaunchConfig read = LaunchConfig.Parse(config.ToYaml(), "config");
        _ = read.ProcessesPerMachine;
        if (read.MachineRank >= read.NumMachines)
            throw new UsageException($"config: --machine_rank {read.MachineRank} must be below --num_machines {read.NumMachines} (machines are numbered from 0).");
        return config;
    }
}
