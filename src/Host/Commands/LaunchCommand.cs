using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using System.Net.Sockets;
using HfTrain.Host.Launch;

namespace HfTrain.Host.Commands;

/// <summary>
/// <c>hf-train launch [launcher options] &lt;task&gt; [task options]</c>: torchrun's flags (and PET_* variables),
/// one worker process per rank. The options are declared for help; the command line itself is read by
/// <see cref="LaunchArguments"/>, since everything after the task name belongs to the task.
/// </summary>
internal sealed class LaunchCommand : IHostCommand
{
    public const string Name = "launch";

    public Command Create()
    {
        var command = new Command(Name,
            "Run a task on several processes (torchrun's flags and PET_* variables; accelerate's config file): one worker per rank, " +
            "stopped together when one fails. Launcher options come before the task name, the task's options after it.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        Add(command, "--nproc_per_node", "N|auto|gpu|cpu", "Processes on this machine; auto = one per GPU, else one per CPU (PET_NPROC_PER_NODE) [default: 1]");
        Add(command, "--nnodes", "N", "Machines (PET_NNODES) [default: 1]");
        Add(command, "--node_rank", "R", "This machine's number, from 0 (PET_NODE_RANK) [default: 0]");
        Add(command, "--master_addr", "ADDR", "Address of machine 0 (PET_MASTER_ADDR) [default: 127.0.0.1]");
        Add(command, "--master_port", "PORT", "Port of the rendezvous on machine 0 (PET_MASTER_PORT) [default: 29500]");
        Add(command, "--standalone", null, "One machine, a free local port (PET_STANDALONE)");
        Add(command, "--max_restarts", "K", "Restart every rank up to K times after a failure, from the newest checkpoint in --output_dir (PET_MAX_RESTARTS) [default: 0]");
        Add(command, "--monitor_interval", "SECONDS", "How often the ranks are checked (PET_MONITOR_INTERVAL) [default: 0.1]");
        Add(command, "--no_python", null, "The first word after the options is a program to run on every rank (torchrun's --no-python), e.g. hf-train itself, not a task name");
        Add(command, "--backend", "nccl|mpi", "Collectives: nccl (CUDA, default with GPUs) or mpi (CPU, through Open MPI's mpirun; default without GPUs)");
        Add(command, "--config_file", "FILE", "Launch configuration (`hf-train config`); default: $HF_HOME/hf-train/default_config.yaml, else accelerate's default_config.yaml");
        command.Arguments.Add(new Argument<string[]>("task") { Description = "The task and its options, e.g. summarization --do_train --output_dir out", Arity = ArgumentArity.ZeroOrMore });
        command.SetAction(result =>
        {
            var args = AfterCommand(result);
            Func<string, string?> environment = Environment.GetEnvironmentVariable;
            var config = LaunchConfig.Find(ConfigFileOf(args), environment);
            LaunchSettings settings = LaunchArguments.Parse(args, environment, config);
            var launcher = new Launcher(WorkerCommand.Current(), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error);
            return launcher.Run(settings, environment, ThisMachine(), FreePort());
        });
        return command;
    }

    static void Add(Command command, string name, string? value, string description)
    {
        Option option = value is null
            ? new Option<bool>(name) { Description = description }
            : new Option<string>(name) { Description = description, HelpName = value };
        command.Options.Add(option);
    }

    /// <summary>The words after <c>launch</c>, as typed (System.CommandLine's binding is only for help).</summary>
    static List<string> AfterCommand(ParseResult result)
    {
        var tokens = result.Tokens.Select(t => t.Value).ToList();
        int index = tokens.IndexOf(Name);
        return tokens.Skip(index + 1).ToList();
    }

    /// <summary>--config_file is needed before the other flags: it supplies their defaults.</summary>
    static string? ConfigFileOf(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count && args[i].StartsWith('-'); i++)
        {
            string name = args[i].Split('=', 2)[0].Replace('-', '_');
            if (name == "__config_file")
                return args[i].Contains('=') ? args[i].Split('=', 2)[1] : i + 1 < args.Count ? args[i + 1] : null;
        }
        return null;
    }

    /// <summary>CUDA devices visible to libtorch (CUDA_VISIBLE_DEVICES applies) and CPU cores.</summary>
    public static Machine ThisMachine()
    {
        int gpus = TorchSharp.torch.cuda.is_available() ? TorchSharp.torch.cuda.device_count() : 0;
        return new Machine(gpus, Environment.ProcessorCount);
    }

    /// <summary>A free local port for --standalone (as torchrun asks the OS for one).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
