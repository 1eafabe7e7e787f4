using HfTrain.Data.Batching;
using static TorchSharp.torch;

namespace HfTrain.Engine.Training;

/// <summary>A collated batch as int64 tensors on the training device: input ids and mask [B, S], labels [B, T].</summary>
public sealed record BatchTensors(Tensor InputIds, Tensor AttentionMask, Tensor Labels)
{
    /// <summary>Creates the tensors in the current dispose scope.</summary>
    public static BatchTensors From(PaddedBatch batch, Device device)
    {
        long b = batch.Size;
        return new BatchTensors(
            tensor(batch.InputIds, [b, batch.SourceLength]).to(device),
            tensor(batch.AttentionMask, [b, batch.SourceLength]).to(device),
            tensor(batch.Labels, [b, batch.TargetLength]).to(device));
    }
}
