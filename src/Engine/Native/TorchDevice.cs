using TorchSharp;

namespace HfTrain.Engine.Native;

/// <summary>The device training runs on and a one-line description for logs ("cuda:0: NVIDIA H100 …" or "cpu (…)").</summary>
public sealed record TorchDevice(torch.Device Device, string Description)
{
    /// <summary>
    /// CUDA device 0 when libtorch sees a GPU and <paramref name="useCpu"/> (--use_cpu / --no_cuda) is off, else the CPU.
    /// CUDA_VISIBLE_DEVICES is applied by CUDA itself: cuda:0 is the first visible device. A rank of a run of several
    /// processes takes the device of its local rank (<paramref name="cudaIndex"/>), as torchrun's workers do.
    /// </summary>
    public static TorchDevice Select(bool useCpu, int cudaIndex = 0)
    {
        int cudaDevices = torch.cuda.is_available() ? torch.cuda.device_count() : 0;
        var (type, reason) = Decide(useCpu, cudaDevices);
        if (type == DeviceType.CPU)
            return new TorchDevice(torch.CPU, $"cpu ({reason}, {torch.get_num_threads()} threads)");
        if (cudaIndex >= cudaDevices)
            throw new HfTrain.Abstractions.TaskInputException($"This rank's LOCAL_RANK is {cudaIndex}, but only {cudaDevices} CUDA device(s) are visible: " +
                                                              $"start at most {cudaDevices} processes per machine (--nproc_per_node), or check CUDA_VISIBLE_DEVICES.");
        var info = CudaDriver.Devices(out _).ElementAtOrDefault(cudaIndex);
        return new TorchDevice(new torch.Device(DeviceType.CUDA, cudaIndex), (info?.ToString() ?? $"cuda:{cudaIndex}") + $" ({reason})");
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
