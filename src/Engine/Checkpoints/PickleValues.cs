namespace HfTrain.Engine.Checkpoints;

// The only values the state-dict unpickler can produce. Anything else in a pickle is refused, so loading a
// checkpoint never constructs or calls arbitrary objects (unlike Python's pickle, which executes REDUCE).

/// <summary>A global the unpickler allows (module + name), e.g. <c>torch._utils._rebuild_tensor_v2</c>.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>A pickled tuple.</summary>
internal sealed record PickleTuple(object?[] Items);

/// <summary>A dict or OrderedDict, keeping insertion order (a state dict's key order is the model's order).</summary>
internal sealed class PickleDict
{
    public List<KeyValuePair<object?, object?>> Items { get; } = [];
}

/// <summary>The persistent id torch.save writes for a storage: ('storage', FloatStorage, key, location, numel).</summary>
internal sealed record StorageRef(string Key, PickleGlobal StorageType, string Location, long Numel);

/// <summary>What <c>_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, hooks)</c> describes.</summary>
internal sealed record TensorRef(StorageRef Storage, long Offset, long[] Size, long[] Stride);
