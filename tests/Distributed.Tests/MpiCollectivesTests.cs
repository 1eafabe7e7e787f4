namespace HfTrain.Distributed.Tests;

/// <summary>Open MPI collectives between two real processes started by mpirun.</summary>
public sealed class MpiCollectivesTests
{
    static readonly Lazy<(int ExitCode, string Output, string Errors)> World = new(() => MpiRun.Start(2, [.. MpiRun.ThisProgram(), "collectives"]));

    static string Line(int rank, string name)
    {
        var (exit, output, errors) = World.Value;
        Assert.True(exit == 0, $"mpirun exited {exit}:\n{output}\n{errors}");
        string prefix = $"rank {rank}: {name} ";
        return output.Split('\n').Select(l => l.TrimEnd('\r')).SingleOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..]
               ?? throw new Xunit.Sdk.XunitException($"rank {rank} printed no '{name}' line:\n{output}\n{errors}");
    }

    [Fact]
    public void Both_ranks_see_a_world_of_two()
    {
        Assert.Equal("2", Line(0, "world"));
        Assert.Equal("2", Line(1, "world"));
    }

    [Theory]
    [InlineData("allreduce-float32", "4.5,-2,0.5")]
    [InlineData("allreduce-float64", "0.003,6")]
    [InlineData("allreduce-int64", "2199023255552,1")]
    public void All_reduce_sums_on_every_rank(string name, string expected)
    {
        Assert.Equal(expected, Line(0, name));
        Assert.Equal(expected, Line(1, name));
    }

    [Fact]
    public void Broadcast_copies_the_root_buffer_to_every_rank()
    {
        Assert.Equal("7,8,9", Line(0, "broadcast-from-1"));
        Assert.Equal("7,8,9", Line(1, "broadcast-from-1"));
    }

    [Fact]
    public void All_gather_returns_every_rank_bytes_in_rank_order_with_their_own_lengths()
    {
        Assert.Equal("00|0A0B", Line(0, "allgather"));
        Assert.Equal("00|0A0B", Line(1, "allgather"));
        Assert.Equal("0|2", Line(1, "allgather-empty"));
        Assert.Equal("X64", Line(1, "done"));
    }
}
