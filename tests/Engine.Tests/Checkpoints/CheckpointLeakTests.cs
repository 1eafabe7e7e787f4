using HfTrain.Abstractions;
using HfTrain.Engine.Checkpoints;
using TorchSharp;
using static HfTrain.Engine.Tests.Checkpoints.StateDicts;

namespace HfTrain.Engine.Tests.Checkpoints;

/// <summary>Loading, writing and failing leave no live tensors behind (STYLE.md: every owner has a leak test).</summary>
public sealed class CheckpointLeakTests
{
    private static long Live => DisposeScopeManager.Statistics.ThreadTotalLiveCount;

    [Fact]
    public void Repeated_loads_writes_and_refused_files_keep_the_live_tensor_count_flat()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("truncated.safetensors"), File.ReadAllBytes(Fixture("tiny", "model.safetensors"))[..500_000]);
        long before = Live;
        for (int i = 0; i < 3; i++)
        {
            foreach (string source in new[] { Fixture("tiny"), Fixture("legacy", "tiny-bin"), Fixture("legacy", "tiny-sharded"), Fixture("legacy", "dtypes", "dtypes.bin") })
            {
                var tensors = CheckpointFiles.LoadStateDict(source);
                if (source.EndsWith("tiny", StringComparison.Ordinal))
                    SafeTensors.Write(dir.File("copy.safetensors"), tensors);
                tensors.DisposeAll();
            }
            Assert.Throws<TaskInputException>(() => SafeTensors.Read(dir.File("truncated.safetensors")));
        }
        Assert.Equal(before, Live);
    }
}
