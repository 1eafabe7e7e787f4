using HfTrain.Distributed.Nccl;

namespace HfTrain.Distributed.Tests;

/// <summary>Where the NCCL backend looks for libnccl.so.2, its timeout and its store keys (no GPU needed).</summary>
public sealed class NcclSettingsTests
{
    static NcclSettings From(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return NcclSettings.From(name => map.GetValueOrDefault(name), torchFolder: "/venv/lib/python3.12/site-packages/torch/lib");
    }

    [Fact]
    public void PyTorchs_nccl_beside_its_torch_lib_comes_before_the_system_library()
    {
        const string besideTorch = "/venv/lib/python3.12/site-packages/nvidia/nccl/lib/libnccl.so.2";
        Assert.Equal([besideTorch, "libnccl.so.2"], From().Candidates(path => path == besideTorch));
        Assert.Equal(["libnccl.so.2"], From().Candidates(_ => false));
    }

    [Fact]
    public void HF_TRAIN_NCCL_LIB_names_the_file_or_its_folder_and_nothing_else_is_tried()
    {
        Assert.Equal(["/opt/nccl/libnccl.so.2.27"], From(("HF_TRAIN_NCCL_LIB", "/opt/nccl/libnccl.so.2.27")).Candidates(_ => true));
        string folder = Directory.CreateTempSubdirectory("nccl-").FullName;
        try
        {
            Assert.Equal([Path.Combine(folder, "libnccl.so.2")], From(("HF_TRAIN_NCCL_LIB", folder)).Candidates(_ => true));
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [Fact]
    public void The_timeout_defaults_to_600_seconds_and_a_bad_value_names_the_variable()
    {
        Assert.Equal(TimeSpan.FromSeconds(600), From().Timeout);
        Assert.Equal(TimeSpan.FromSeconds(2.5), From(("HF_TRAIN_NCCL_TIMEOUT", "2.5")).Timeout);
        var e = Assert.Throws<CollectiveException>(() => From(("HF_TRAIN_NCCL_TIMEOUT", "soon")));
        Assert.Contains("HF_TRAIN_NCCL_TIMEOUT=soon", e.Message);
    }

    [Fact]
    public void Store_keys_are_scoped_to_the_run_and_its_restart()
    {
        Assert.Equal("hf-train/job7/2/", From(("TORCHELASTIC_RUN_ID", "job7"), ("TORCHELASTIC_RESTART_COUNT", "2")).KeyPrefix);
        Assert.Equal("hf-train/run/0/", From().KeyPrefix);
    }
}
