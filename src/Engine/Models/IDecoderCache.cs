using static TorchSharp.torch;

namespace HfTrain.Engine.Models;

/// <summary>A model's decoder key/value cache for one generate call, opaque to generation. Dispose it when the call ends.</summary>
public interface IDecoderCache : IDisposable
{
    /// <summary>Beam search: row i of the cache becomes old row <paramref name="beamIndex"/>[i] (int64 [B·beams]).</summary>
    void Reorder(Tensor beamIndex);
}
