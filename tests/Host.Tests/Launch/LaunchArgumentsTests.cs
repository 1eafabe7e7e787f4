using HfTrain.Host.Launch;
using HfTrain.Host.Options;

namespace HfTrain.Host.Tests.Launch;

/// <summary>torchrun's command line and PET_* variables → launcher settings (pure; like accelerate's launch tests).</summary>
public sealed class LaunchArgumentsTests
{
    static LaunchSettings Parse(string commandLine, params (string Name, string Value)[] environment)
    {
        var variables = environment.ToDictionary(v => v.Name, v => v.Value);
        return LaunchArguments.Parse(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries), name => variables.GetValueOrDefault(name));
    }

    [Fact]
    public void Defaults_are_torchruns()
    {
        var settings = Parse("summarization --do_train");
        Assert.Equal("1", settings.NprocPerNode);
        Assert.Equal(1, settings.Nnodes);
        Assert.Equal(0, settings.NodeRank);
        Assert.Equal("127.0.0.1", settings.MasterAddr);
        Assert.Equal(29500, settings.MasterPort);
        Assert.Equal(0, settings.MaxRestarts);
        Assert.False(settings.Standalone);
        Assert.Null(settings.Backend);
        Assert.Equal(["summarization", "--do_train"], settings.Task);
    }

    [Theory]
    [InlineData("--nproc_per_node 4 summarization")]
    [InlineData("--nproc-per-node 4 summarization")]
    [InlineData("--nproc_per_node=4 summarization")]
    [InlineData("--nproc-per-node=4 summarization")]
    public void Underscore_dash_and_equals_spellings_are_one_flag(string commandLine) =>
        Assert.Equal("4", Parse(commandLine).NprocPerNode);

    [Fact]
    public void Everything_after_the_task_name_belongs_to_the_task_even_launcher_names()
    {
        var settings = Parse("--nproc_per_node 2 summarization --nproc_per_node 9 --output_dir out");
        Assert.Equal("2", settings.NprocPerNode);
        Assert.Equal(["summarization", "--nproc_per_node", "9", "--output_dir", "out"], settings.Task);
    }

    [Fact]
    public void Pet_variables_give_every_flag_and_a_flag_beats_its_variable()
    {
        var settings = Parse("--node_rank 1 summarization",
            ("PET_NPROC_PER_NODE", "3"), ("PET_NNODES", "2"), ("PET_NODE_RANK", "0"), ("PET_MASTER_ADDR", "10.0.0.1"),
            ("PET_MASTER_PORT", "1234"), ("PET_MAX_RESTARTS", "2"), ("PET_MONITOR_INTERVAL", "0.5"), ("PET_RDZV_ID", "job7"));
        Assert.Equal("3", settings.NprocPerNode);
        Assert.Equal(2, settings.Nnodes);
        Assert.Equal(1, settings.NodeRank);
        Assert.Equal("10.0.0.1", settings.MasterAddr);
        Assert.Equal(1234, settings.MasterPort);
        Assert.Equal(2, settings.MaxRestarts);
        Assert.Equal(0.5, settings.MonitorInterval);
        Assert.Equal("job7", settings.RunId);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    public void Pet_standalone_is_a_switch_as_torchruns_check_env(string value, bool expected) =>
        Assert.Equal(expected, Parse("summarization", ("PET_STANDALONE", value)).Standalone);

    [Fact]
    public void Config_file_values_fill_in_under_flags_and_variables()
    {
        var config = new LaunchConfig { NumProcesses = 4, NumMachines = 2, MachineRank = 1, MainProcessIp = "10.1.1.1", MainProcessPort = 4000, MixedPrecision = "bf16", GpuIds = "0,1", Source = "c.yaml" };
        var fromFile = LaunchArguments.Parse(["summarization"], _ => null, config);
        Assert.Equal("2", fromFile.NprocPerNode);   // accelerate's num_processes counts both machines
        Assert.Equal(2, fromFile.Nnodes);
        Assert.Equal(1, fromFile.NodeRank);
        Assert.Equal("10.1.1.1", fromFile.MasterAddr);
        Assert.Equal(4000, fromFile.MasterPort);
        Assert.Equal("bf16", fromFile.MixedPrecision);
        Assert.Equal("0,1", fromFile.GpuIds);
        var overridden = LaunchArguments.Parse(["--master_port", "5000", "summarization"], n => n == "PET_MASTER_ADDR" ? "10.9.9.9" : null, config);
        Assert.Equal(5000, overridden.MasterPort);
        Assert.Equal("10.9.9.9", overridden.MasterAddr);
    }

    [Theory]
    [InlineData("--nproc 2 summarization", "unknown option '--nproc'. Did you mean '--nproc_per_node'?")]
    [InlineData("--nprocs_per_node 2 summarization", "unknown option '--nprocs_per_node'.")]
    [InlineData("--nproc_per_node two summarization", "--nproc_per_node 'two' is not valid")]
    [InlineData("--nproc_per_node 0 summarization", "--nproc_per_node '0' is not valid")]
    [InlineData("--master_port 70000 summarization", "--master_port '70000' is not valid: give a whole number from 0 to 65535")]
    [InlineData("--nnodes 1:4 summarization", "an elastic range is not supported")]
    [InlineData("--nnodes 2 --node_rank 2 summarization", "--node_rank 2 must be below --nnodes 2")]
    [InlineData("--standalone --nnodes 2 summarization", "--standalone is a single-machine run")]
    [InlineData("--backend gloo summarization", "--backend 'gloo' is not valid: give nccl")]
    [InlineData("--max_restarts -1 summarization", "--max_restarts '-1' is not valid")]
    [InlineData("--rdzv_endpoint host:1 summarization", "hf-train uses a static rendezvous")]
    [InlineData("-m summarization", "not a Python module")]
    [InlineData("--log-dir logs summarization", "--log-dir is not supported: every rank's output comes to the launcher's terminal")]
    [InlineData("--nproc_per_node 2", "no task given")]
    [InlineData("summarization --nproc_per_node", "")]
    public void Invalid_launcher_flags_are_usage_errors_that_say_what_to_do(string commandLine, string message)
    {
        if (message.Length == 0)
        {
            Assert.Equal(["summarization", "--nproc_per_node"], Parse(commandLine).Task);   // the task's business
            return;
        }
        var error = Assert.Throws<UsageException>(() => Parse(commandLine));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_flag_without_its_value_is_named()
    {
        var error = Assert.Throws<UsageException>(() => Parse("--master_addr"));
        Assert.Equal("launch: --master_addr needs a value.", error.Message);
    }

    [Fact]
    public void No_python_takes_a_program_and_double_dash_ends_the_options()
    {
        var settings = Parse("--no-python --nproc_per_node 2 -- hf-train summarization");
        Assert.True(settings.NoPython);
        Assert.Equal(["hf-train", "summarization"], settings.Task);
    }
}
