using HfTrain.Host.Launch;

namespace HfTrain.Host.Tests.Launch;

/// <summary><c>hf-train config</c>: the questions, the options, and the file <c>launch --config_file</c> reads back.</summary>
public sealed class ConfigCommandTests
{
    [Fact]
    public void Options_write_accelerates_keys_that_launch_reads_back()
    {
        using var folder = new TempDir();
        string file = Path.Combine(folder.Path, "sub", "launch.yaml");
        var (code, output, error) = new HostHarness().Run("config", "--num_processes", "4", "--num_machines", "2", "--machine_rank", "1",
            "--main_process_ip", "10.0.0.1", "--main_process_port", "29600", "--mixed_precision", "bf16", "--gpu_ids", "0,1", "--config_file", file);
        Assert.True(code == 0, error);
        Assert.Contains($"hf-train configuration saved at {file}", output);
        var settings = LaunchArguments.Parse(["summarization"], _ => null, LaunchConfig.Find(file, _ => null));
        Assert.Equal(("2", 2, 1, "10.0.0.1", 29600, "bf16", "0,1"),
            (settings.NprocPerNode, settings.Nnodes, settings.NodeRank, settings.MasterAddr, settings.MasterPort, settings.MixedPrecision, settings.GpuIds));
    }

    [Theory]
    [InlineData("--num_processes 3 --num_machines 2", "num_processes 3 is not a multiple of num_machines 2")]
    [InlineData("--mixed_precision fp8", "mixed_precision: 'fp8' is not one of no, fp16, bf16")]
    [InlineData("--num_machines 2 --machine_rank 2", "--machine_rank 2 must be below --num_machines 2")]
    public void Values_launch_would_refuse_are_refused_before_writing(string options, string message)
    {
        using var folder = new TempDir();
        string file = Path.Combine(folder.Path, "launch.yaml");
        var (code, _, error) = new HostHarness().Run(["config", .. options.Split(' '), "--config_file", file]);
        Assert.Equal(1, code);
        Assert.Contains(message, error);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void Questions_take_answers_and_keep_defaults_on_empty_lines()
    {
        var answers = new StringReader("2\n1\n10.0.0.7\n\nno\n16\n0,1,2,3\nbf16\n");
        var output = new StringWriter();
        var config = new ConfigQuestions(answers, output, new Machine(Gpus: 8, Cpus: 64)).Ask();
        Assert.Equal(new LaunchConfig { NumProcesses = 16, NumMachines = 2, MachineRank = 1, MainProcessIp = "10.0.0.7", MainProcessPort = 29500, MixedPrecision = "bf16", GpuIds = "0,1,2,3" }, config);
        Assert.Contains("How many processes in total (all machines together)? [16]: ", output.ToString());
    }

    [Fact]
    public void A_wrong_answer_is_asked_again_and_no_input_keeps_every_default()
    {
        var output = new StringWriter();
        var config = new ConfigQuestions(new StringReader("zero\n1\n"), output, new Machine(Gpus: 0, Cpus: 4)).Ask();
        Assert.Contains("Please answer a whole number ≥ 1.", output.ToString());
        Assert.Equal(new LaunchConfig { NumProcesses = 1, NumMachines = 1, MachineRank = 0, MixedPrecision = "no", UseCpu = true }, config);
    }
}
