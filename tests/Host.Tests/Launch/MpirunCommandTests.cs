using HfTrain.Host.Launch;

namespace HfTrain.Host.Tests.Launch;

/// <summary>The mpirun command line and environment of a CPU world (pure).</summary>
public sealed class MpirunCommandTests
{
    static WorldPlan Plan(int ranks) =>
        WorldPlan.For(LaunchArguments.Parse(["--nproc_per_node", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture), "summarization"], _ => null), _ => null, new Machine(0, 2));

    [Fact]
    public void One_application_context_per_rank_with_its_variables_and_the_wrappers()
    {
        var args = MpirunCommand.For(Plan(3), ["hf-train", "summarization", "--do_train"], "setpriv");
        Assert.Equal(["--oversubscribe", "--bind-to", "none", "--mca", "orte_abort_on_non_zero_status", "0", "-np", "1"], args.Take(8));
        Assert.Equal(2, args.Count(a => a == ":"));
        var contexts = string.Join(' ', args).Split(" : ");
        for (int rank = 0; rank < 3; rank++)
        {
            Assert.Contains($"-x RANK={rank} ", contexts[rank]);
            Assert.Contains("-x WORLD_SIZE=3 ", contexts[rank]);
            Assert.Contains("-x HF_TRAIN_BACKEND=mpi ", contexts[rank]);
            Assert.EndsWith("setpriv --pdeathsig KILL sh -c " + MpirunCommand.StatusScript + " hf-train-rank setpriv --pdeathsig KILL hf-train summarization --do_train", contexts[rank]);
        }
    }

    [Fact]
    public void Without_setpriv_the_ranks_are_started_plainly()
    {
        var args = MpirunCommand.For(Plan(1), ["hf-train", "env"], deathSignalWrapper: null);
        Assert.DoesNotContain("--pdeathsig", args);
        Assert.Equal(["sh", "-c", MpirunCommand.StatusScript, "hf-train-rank", "hf-train", "env"], args.TakeLast(6));
    }

    [Theory]
    [InlineData(true, "1")]
    [InlineData(false, null)]
    public void As_root_mpirun_is_allowed_to_run_and_set_values_are_kept(bool root, string? allowed)
    {
        var variables = MpirunCommand.Environment(_ => null, root);
        Assert.Equal(allowed, variables.GetValueOrDefault("OMPI_ALLOW_RUN_AS_ROOT"));
        Assert.Equal(allowed, variables.GetValueOrDefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"));
        Assert.Equal("none", variables["OMPI_MCA_btl_vader_single_copy_mechanism"]);
        var kept = MpirunCommand.Environment(name => name == "OMPI_MCA_btl_vader_single_copy_mechanism" ? "cma" : null, root);
        Assert.Equal("cma", kept["OMPI_MCA_btl_vader_single_copy_mechanism"]);
    }
}
