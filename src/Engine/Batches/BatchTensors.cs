using HfTrain.Data.Batching;
using HfTrain.Engine.Diagnostics;
using static TorchSharp.torch;

namespace HfTrain.Engine.Batches;

/// <summary>
/// One collated batch on the model's device. Everything that depends only on the labels is computed here on the
/// host, where the batch already is, instead of as a chain of small device operations: the decoder input (labels
/// shifted right, as modeling_t5.py _shift_right) and the flat positions of the real label tokens (the LM head and
/// the loss run on those rows only).
/// </summary>
/// <param name="InputIds">[B, S] int64.</param><param name="AttentionMask">[B, S] int64.</param>
/// <param name="Labels">[B, T] int64, -100 where ignored.</param>
/// <param name="DecoderInputIds">[B, T] int64.</param>
/// <param name="LossPositions">[N] int64: indices into the flattened [B·T] labels that are not -100.</param>
/// <param name="LossTokensPerRow">how many of those positions each row has (host; they come row after row).</param>
public sealed record BatchTensors(Tensor InputIds, Tensor AttentionMask, Tensor Labels, Tensor DecoderInputIds, Tensor LossPositions,
    int[] LossTokensPerRow)
{
    /// <summary>
    /// Host arrays become tensors; on CUDA they go through pinned memory with non-blocking copies, so the host never
    /// waits for the GPU here (a pageable copy would synchronize the stream).
    /// </summary>
    public static BatchTensors From(PaddedBatch batch, Device device, long decoderStartTokenId, long padTokenId)
    {
        long b = batch.Size, t = batch.TargetLength;
        var labels = batch.Labels;
        var decoderInput = new long[labels.Length];
        var positions = new List<long>(labels.Length);
        var perRow = new int[b];
        for (int row = 0; row < b; row++)
        {
            int start = row * (int)t;
            decoderInput[start] = decoderStartTokenId;
            for (int j = 1; j < t; j++)
            {
                long previous = labels[start + j - 1];
                decoderInput[start + j] = previous == -100 ? padTokenId : previous;
            }
            for (int j = 0; j < t; j++)
            {
                if (labels[start + j] != -100)
                {
                    positions.Add(start + j);
                    perRow[row]++;
                }
            }
        }
        StepProfiler.FineMark("host arrays");
        return new BatchTensors(
            ToDevice(tensor(batch.InputIds, [b, batch.SourceLength]), device),
            ToDevice(tensor(batch.AttentionMask, [b, batch.SourceLength]), device),
            ToDevice(tensor(labels, [b, t]), device),
            ToDevice(tensor(decoderInput, [b, t]), device),
            ToDevice(tensor(positions.ToArray(), [positions.Count]), device),
            perRow);
    }

    /// <summary>A host tensor on <paramref name="device"/>: on CUDA through pinned memory, without making the host wait.</summary>
    internal static Tensor ToDevice(Tensor host, Device device) =>
        device.type == TorchSharp.DeviceType.CPU ? host : host.pin_memory().to(device, non_blocking: true);
}
