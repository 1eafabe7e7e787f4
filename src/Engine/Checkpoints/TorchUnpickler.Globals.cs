using TorchSharp;

namespace HfTrain.Engine.Checkpoints;

/// <summary>The allow-list of globals and the few calls (REDUCE) a state-dict pickle may make.</summary>
internal sealed partial class TorchUnpickler
{
    /// <summary>torch's typed-storage class names (torch/storage.py) → the dtype of the bytes in data/&lt;key&gt;.</summary>
    internal static readonly IReadOnlyDictionary<string, torch.ScalarType> StorageTypes = new Dictionary<string, torch.ScalarType>(StringComparer.Ordinal)
    {
        ["FloatStorage"] = torch.ScalarType.Float32,
        ["DoubleStorage"] = torch.ScalarType.Float64,
        ["HalfStorage"] = torch.ScalarType.Float16,
        ["BFloat16Storage"] = torch.ScalarType.BFloat16,
        ["LongStorage"] = torch.ScalarType.Int64,
        ["IntStorage"] = torch.ScalarType.Int32,
        ["ShortStorage"] = torch.ScalarType.Int16,
        ["CharStorage"] = torch.ScalarType.Int8,
        ["ByteStorage"] = torch.ScalarType.Byte,
        ["BoolStorage"] = torch.ScalarType.Bool,
    };

    private PickleGlobal Allow(string module, string name)
    {
        bool allowed = (module, name) switch
        {
            ("collections", "OrderedDict") => true,
            ("torch._utils", "_rebuild_tensor_v2") => true,
            ("torch._utils", "_rebuild_parameter") => true,
            ("torch", _) => StorageTypes.ContainsKey(name),
            _ => false,
        };
        return allowed ? new PickleGlobal(module, name)
            : throw Bad($"it refers to '{module}.{name}', which a plain state dict of tensors never needs (only OrderedDict, _rebuild_tensor_v2, _rebuild_parameter and torch.*Storage are allowed)");
    }

    private object Reduce(object? callable, object? args)
    {
        if (callable is not PickleGlobal fn || args is not PickleTuple tuple)
            throw Bad($"REDUCE of a {Describe(callable)} with {Describe(args)}");
        var a = tuple.Items;
        switch (fn.Module, fn.Name)
        {
            case ("collections", "OrderedDict") when a.Length == 0:
                return new PickleDict();
            case ("torch._utils", "_rebuild_tensor_v2") when a.Length is 6 or 7:
                // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
                if (a[0] is not StorageRef storage)
                    throw Bad($"_rebuild_tensor_v2 on a {Describe(a[0])} instead of a storage");
                return new TensorRef(storage, AsLong(a[1]), AsLongs(a[2]), AsLongs(a[3]));
            case ("torch._utils", "_rebuild_parameter") when a.Length is 3:
                // (data, requires_grad, backward_hooks): a Parameter is just its data here.
                return a[0] as TensorRef ?? throw Bad($"_rebuild_parameter on a {Describe(a[0])}");
            default:
                throw Bad($"call of {fn} with {a.Length} arguments is not part of a plain state dict");
        }
    }

    private StorageRef PersistentLoad(object? pid)
    {
        // torch/serialization.py persistent_id: ('storage', storage_type, key, location, numel)
        if (pid is not PickleTuple { Items: [string kind, PickleGlobal type, string key, string location, long numel] } || kind != "storage")
            throw Bad($"persistent id {Describe(pid)} is not a torch storage reference");
        if (type.Module != "torch" || !StorageTypes.ContainsKey(type.Name))
            throw Bad($"storage type {type} is not supported");
        if (numel < 0)
            throw Bad($"storage '{key}' has a negative size {numel}");
        if (_storages.TryGetValue(key, out var known))
        {
            if (known.StorageType != type || known.Numel != numel)
                throw Bad($"storage '{key}' is described twice with different types or sizes");
            return known;
        }
        var storage = new StorageRef(key, type, location, numel);
        _storages[key] = storage;
        return storage;
    }

    private PickleDict AsDict(object? value) => value as PickleDict ?? throw Bad($"SETITEM on a {Describe(value)}");

    private List<object?> AsList(object? value) => value as List<object?> ?? throw Bad($"APPEND on a {Describe(value)}");

    private string AsString(object? value) => value as string ?? throw Bad($"expected a string, found a {Describe(value)}");

    private long AsLong(object? value) => value is long l ? l : throw Bad($"expected an integer, found a {Describe(value)}");

    private long[] AsLongs(object? value) =>
        value is PickleTuple t ? t.Items.Select(AsLong).ToArray() : throw Bad($"expected a tuple of integers, found a {Describe(value)}");

    private static string Describe(object? value) => value switch
    {
        null => "None",
        PickleGlobal g => $"global {g}",
        PickleTuple t => $"tuple of {t.Items.Length}",
        _ => value.GetType().Name,
    };
}
