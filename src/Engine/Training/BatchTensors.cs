using HfTrain.Data.Batching;
using static TorchSharp.torch;

namespace HfTrain.Engine.Training;

/// <summary>A collated batch as int64 tensors on the training device: input ids and mask [B, S], labels [B, T].</summary>
public sealed record BatchTensors(Tensor InputIds, Tensor AttentionMask, Tensor Labels)
{
    /// <summary>
    /// Creates the tensors in the current dispose scope. On CUDA they go through pinned host memory with
    /// non-blocking copies, so the host never waits for the GPU here (a pageable copy would synchronize the stream).
    /// </summary>
    public static BatchTensors From(PaddedBatch batch, Device device)
    {
        long b = batch.Size;
        return new BatchTensors(
            ToDevice(tensor(batch.InputIds, [b, batch.SourceLength]), device),
            ToDevice(tensor(batch.AttentionMask, [b, batch.SourceLength]), device),
            ToDevice(tensor(batch.Labels, [b, batch.TargetLength]), device));
    }

    static Tensor ToDevice(Tensor host, Device device) =>
        device.type == TorchSharp.DeviceType.CPU ? host : host.pin_memory().to(device, non_blocking: true);
}
