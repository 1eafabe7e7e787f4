using HfTrain.Host.Launch;
using HfTrain.Host.Options;

namespace HfTrain.Host.Tests.Launch;

/// <summary>accelerate's default_config.yaml (and hf-train's own, in the same keys) → launch settings.</summary>
public sealed class LaunchConfigTests
{
    /// <summary>As `accelerate config` writes it (accelerate 1.x, two GPUs on one machine).</summary>
    const string AccelerateFile = """
        compute_environment: LOCAL_MACHINE
        debug: false
        distributed_type: MULTI_GPU
        downcast_bf16: 'no'
        enable_cpu_affinity: false
        fsdp_config:
          fsdp_sharding_strategy: FULL_SHARD
          fsdp_offload_params: false
        gpu_ids: 0,1
        machine_rank: 0
        main_process_ip: null
        main_process_port: null
        main_training_function: main
        mixed_precision: bf16
        num_machines: 1
        num_processes: 2
        rdzv_backend: static
        same_network: true
        tpu_env: []
        tpu_use_cluster: false
        tpu_use_sudo: false
        use_cpu: false
        """;

    [Fact]
    public void Accelerates_file_gives_processes_machines_precision_and_gpus()
    {
        var config = LaunchConfig.Parse(AccelerateFile, "default_config.yaml");
        Assert.Equal(2, config.NumProcesses);
        Assert.Equal(1, config.NumMachines);
        Assert.Equal(0, config.MachineRank);
        Assert.Null(config.MainProcessIp);
        Assert.Null(config.MainProcessPort);
        Assert.Equal("bf16", config.MixedPrecision);
        Assert.Equal("0,1", config.GpuIds);
        Assert.False(config.UseCpu);
    }

    [Fact]
    public void What_hf_train_config_writes_reads_back_the_same()
    {
        var written = new LaunchConfig { NumProcesses = 8, NumMachines = 2, MachineRank = 1, MainProcessIp = "10.0.0.1", MainProcessPort = 29501, MixedPrecision = "fp16", GpuIds = "0,1,2,3", Source = "f" };
        Assert.Equal(written, LaunchConfig.Parse(written.ToYaml(), "f"));
        Assert.Contains("distributed_type: MULTI_GPU", written.ToYaml());
    }

    [Fact]
    public void Hf_trains_file_wins_over_accelerates_and_accelerates_is_read_when_alone()
    {
        using var home = new TempDir();
        string? Environment(string name) => name == "HF_HOME" ? home.Path : null;
        Directory.CreateDirectory(Path.Combine(home.Path, "accelerate"));
        File.WriteAllText(LaunchConfig.AcceleratePath(Environment), AccelerateFile);
        Assert.Equal(2, LaunchConfig.Find(null, Environment).NumProcesses);
        Directory.CreateDirectory(Path.Combine(home.Path, "hf-train"));
        File.WriteAllText(LaunchConfig.DefaultPath(Environment), new LaunchConfig { NumProcesses = 3 }.ToYaml());
        Assert.Equal(3, LaunchConfig.Find(null, Environment).NumProcesses);
        Assert.Equal(Path.Combine(home.Path, "hf-train", "default_config.yaml"), LaunchConfig.DefaultPath(Environment));
    }

    [Fact]
    public void Hf_home_defaults_to_the_users_cache()
    {
        string? Environment(string name) => name == "HOME" ? "home-of-u" : null;
        Assert.Equal(Path.Combine("home-of-u", ".cache", "huggingface", "hf-train", "default_config.yaml"), LaunchConfig.DefaultPath(Environment));
    }

    [Fact]
    public void No_file_at_all_is_no_configuration()
    {
        using var home = new TempDir();
        Assert.Same(LaunchConfig.Empty, LaunchConfig.Find(null, name => name == "HF_HOME" ? home.Path : null));
    }

    [Theory]
    [InlineData("num_processes: two\n", "f.yaml: num_processes: 'two' is not a whole number")]
    [InlineData("mixed_precision: fp8\n", "mixed_precision: 'fp8' is not one of no, fp16, bf16")]
    [InlineData("num_processes 2\n", "f.yaml:1: 'num_processes 2' is not a 'key: value' line")]
    public void A_broken_file_is_named_with_the_fix(string yaml, string message)
    {
        var error = Assert.Throws<UsageException>(() => LaunchConfig.Parse(yaml, "f.yaml"));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_missing_config_file_option_is_an_error_naming_it()
    {
        var error = Assert.Throws<UsageException>(() => LaunchConfig.Find("nowhere.yaml", _ => null));
        Assert.Contains("--config_file nowhere.yaml: no such file", error.Message);
    }

    [Fact]
    public void Processes_must_divide_among_machines()
    {
        var config = LaunchConfig.Parse("num_processes: 3\nnum_machines: 2\n", "f.yaml");
        var error = Assert.Throws<UsageException>(() => config.ProcessesPerMachine);
        Assert.Contains("num_processes 3 is not a multiple of num_machines 2", error.Message);
    }
}
