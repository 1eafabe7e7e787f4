namespace HfTrain.Distributed.Tests;

/// <summary>The Engine's tensor collectives between two mpirun ranks (TorchSharp CPU tensors over Open MPI).</summary>
public sealed class TensorCollectivesTests
{
    static readonly Lazy<(int ExitCode, string Output, string Errors)> World = new(() => MpiRun.Start(2, [.. MpiRun.ThisProgram(), "tensors"]));

    [Theory]
    [InlineData("bf16-sum", "4.5,4,-0.5")]
    [InlineData("transposed-sum", "0,3,6,9,12,15")]
    [InlineData("int64-broadcast", "7,8")]
    public void Tensors_that_need_staging_reduce_like_the_others(string name, string expected)
    {
        var (exit, output, errors) = World.Value;
        Assert.True(exit == 0, $"mpirun exited {exit}:\n{output}\n{errors}");
        foreach (int rank in new[] { 0, 1 })
            Assert.Contains($"rank {rank}: {name} {expected}", output.Split('\n').Select(l => l.TrimEnd('\r')));
    }
}
