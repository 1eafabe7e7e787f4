using HfTrain.Engine.Native;
using TorchSharp;

namespace HfTrain.Engine.Tests.Native;

public sealed class TorchDeviceTests
{
    [Theory]
    [InlineData(false, 2, DeviceType.CUDA, "1 of 2 visible CUDA device(s)")]
    [InlineData(true, 2, DeviceType.CPU, "--use_cpu set; 2 CUDA device(s) not used")]
    [InlineData(true, 0, DeviceType.CPU, "--use_cpu set")]
    [InlineData(false, 0, DeviceType.CPU, "CUDA not available")]
    public void The_decision_follows_use_cpu_and_the_visible_cuda_devices(bool useCpu, int devices, DeviceType type, string reason) =>
        Assert.Equal((type, reason), TorchDevice.Decide(useCpu, devices));

    [Fact]
    public void Use_cpu_selects_the_cpu_even_with_a_gpu()
    {
        TorchDevice selected = TorchDevice.Select(useCpu: true);
        Assert.Equal(DeviceType.CPU, selected.Device.type);
        Assert.StartsWith("cpu (--use_cpu set", selected.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_use_cpu_cuda_is_chosen_exactly_when_libtorch_sees_a_gpu()
    {
        TorchDevice selected = TorchDevice.Select(useCpu: false);
        Assert.Equal(torch.cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, selected.Device.type);
        if (!torch.cuda.is_available())
            Assert.StartsWith("cpu (CUDA not available, ", selected.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cuda_check_skips_without_a_gpu_and_passes_with_one()
    {
        string line = TorchRuntime.CheckCuda();
        Assert.EndsWith(torch.cuda.is_available() ? "[5, 14, 14, 50] OK" : "skipped, CUDA not available", line, StringComparison.Ordinal);
    }
}
