namespace HfTrain.Engine.Native;

/// <summary>A CUDA device as the driver reports it; <see cref="Ordinal"/> is torch's cuda:N (after CUDA_VISIBLE_DEVICES).</summary>
public sealed record CudaDeviceInfo(int Ordinal, string Name, long TotalMemoryBytes, int ComputeMajor, int ComputeMinor)
{
    /// <summary>"cuda:0: NVIDIA H100 80GB HBM3, 79.2 GiB, compute capability 9.0".</summary>
    public override string ToString() =>
        $"cuda:{Ordinal}: {Name}, {TotalMemoryBytes / (1024.0 * 1024 * 1024):F1} GiB, compute capability {ComputeMajor}.{ComputeMinor}";
}
