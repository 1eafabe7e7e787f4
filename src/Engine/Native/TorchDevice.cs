using TorchSharp;

namespace HfTrain.Engine.Native;

/// <summary>The device training runs on and a one-line description for logs ("cuda:0: NVIDIA H100 …" or "cpu (…)").</summary>
public sealed record TorchDevice(torch.Device Device, string Description)
{
    /// <summary>
    /// CUDA device 0 when libtorch sees a GPU and <paramref name="useCpu"/> (--use_cpu / --no_cuda) is off, else the CPU.
    /// CUDA_VISIBLE_DEVICES is applied by CUDA itself: cuda:0 is the first visible device.
    /// </summary>
    public static TorchDevice Select(bool useCpu)
    {
        int cudaDevices = torch.cuda.is_available() ? torch.cuda.device_count() : 0;
        var (type, reason) = Decide(useCpu, cudaDevices);
        if (type == DeviceType.CPU)
            return new TorchDevice(torch.CPU, $"cpu ({reason}, {torch.get_num_threads()} threads)");
        var info = CudaDriver.Devices(out _).FirstOrDefault();
        return new TorchDevice(new torch.Device(DeviceType.CUDA, 0), (info?.ToString() ?? "cuda:0") + $" ({reason})");
    }

    /// <summary>The decision alone, testable without a GPU: the device type and why.</summary>
    public static (DeviceType Type, string Reason) Decide(bool useCpu, int cudaDeviceCount) =>
        (useCpu, cudaDeviceCount) switch
        {
            (true, > 0) => (DeviceType.CPU, $"--use_cpu set; {cudaDeviceCount} CUDA device(s) not used"),
            (true, _) => (DeviceType.CPU, "--use_cpu set"),
            (false, > 0) => (DeviceType.CUDA, $"1 of {cudaDeviceCount} visible CUDA device(s)"),
            _ => (DeviceType.CPU, "CUDA not available"),
        };
}
