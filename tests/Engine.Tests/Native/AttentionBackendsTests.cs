using HfTrain.Engine.Native;

namespace HfTrain.Engine.Tests.Native;

public sealed class AttentionBackendsTests
{
    /// <summary>The C++ switch is found in the loaded libtorch and really flips libtorch's global flag.</summary>
    [Fact]
    public void Cudnn_attention_is_turned_off_through_the_loaded_libtorch()
    {
        Assert.True(AttentionBackends.SetCudnnAttention(true));
        Assert.True(AttentionBackends.CudnnAttentionEnabled());
        Assert.Null(AttentionBackends.DisableCudnnAttention());
        Assert.False(AttentionBackends.CudnnAttentionEnabled());
    }
}
