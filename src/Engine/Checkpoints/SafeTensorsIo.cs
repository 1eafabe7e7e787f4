using HfTrain.Abstractions;
using TorchSharp;

namespace HfTrain.Engine.Checkpoints;

/// <summary>Moves bytes between files and CPU tensor storage without a managed copy of the whole tensor.</summary>
internal static class SafeTensorsIo
{
    public static FileStream OpenRead(string path)
    {
        if (!File.Exists(path))
            throw new TaskInputException($"{path}: file not found. Check the model directory or checkpoint path.");
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
    }

    /// <summary>Fills a fresh contiguous CPU tensor with exactly <paramref name="byteCount"/> bytes from the stream.</summary>
    public static void ReadInto(Stream stream, torch.Tensor tensor, long byteCount, string path)
    {
        if (byteCount == 0)
            return;
        if (byteCount > int.MaxValue)
            throw new TaskInputException($"{path}: a single tensor of {byteCount} bytes is larger than this reader supports (2 GiB).");
        Span<byte> target = tensor.bytes;     // the tensor's own storage (contiguous, CPU)
        if (target.Length != byteCount)
            throw new InvalidOperationException($"tensor storage is {target.Length} bytes, expected {byteCount}");
        try
        {
            stream.ReadExactly(target);
        }
        catch (EndOfStreamException)
        {
            throw new TaskInputException($"{path}: file ends inside tensor data (truncated download?). Re-download the checkpoint.");
        }
    }

    /// <summary>Writes a tensor's bytes in row-major order, little-endian (the machine's order on x64/arm64).</summary>
    public static void WriteFrom(Stream stream, torch.Tensor tensor)
    {
        if (tensor.numel() == 0)
            return;
        // detach/contiguous always make new handles, so disposing them never disposes the caller's tensor.
        using var detached = tensor.detach();
        using var contiguous = detached.contiguous();
        if (contiguous.device_type == DeviceType.CPU)
        {
            stream.Write(contiguous.bytes);
            return;
        }
        using var host = contiguous.cpu();
        stream.Write(host.bytes);
    }
}
