using TorchSharp;

namespace HfTrain.Engine.Checkpoints;

/// <summary>
/// The dtype names of the safetensors format (safetensors/src/tensor.rs <c>Dtype</c>) that libtorch in TorchSharp
/// 0.107 can hold, with their element sizes. U16/U32/U64 and the F8 types exist in the format but have no
/// TorchSharp scalar type, so a file using them is refused with a message naming the dtype.
/// </summary>
internal static class SafeTensorDType
{
    // Ordered as the Rust writer sorts dtypes when laying out data (descending `Dtype` enum order in
    // safetensors/src/tensor.rs): the row index is the rank used by SafeTensorsLayout.
    private static readonly (string Name, torch.ScalarType Type, int Size)[] Table =
    [
        ("I64", torch.ScalarType.Int64, 8),
        ("F64", torch.ScalarType.Float64, 8),
        ("F32", torch.ScalarType.Float32, 4),
        ("I32", torch.ScalarType.Int32, 4),
        ("BF16", torch.ScalarType.BFloat16, 2),
        ("F16", torch.ScalarType.Float16, 2),
        ("I16", torch.ScalarType.Int16, 2),
        ("I8", torch.ScalarType.Int8, 1),
        ("U8", torch.ScalarType.Byte, 1),
        ("BOOL", torch.ScalarType.Bool, 1),
    ];

    /// <summary>Names the format defines but libtorch-in-TorchSharp cannot represent.</summary>
    private static readonly HashSet<string> KnownUnsupported =
        new(StringComparer.Ordinal) { "U16", "U32", "U64", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4", "C64" };

    public static bool TryParse(string name, out torch.ScalarType type, out int size)
    {
        foreach (var row in Table)
        {
            if (row.Name == name)
            {
                (type, size) = (row.Type, row.Size);
                return true;
            }
        }
        (type, size) = (default, 0);
        return false;
    }

    public static bool IsKnownButUnsupported(string name) => KnownUnsupported.Contains(name);

    public static string NameOf(torch.ScalarType type)
    {
        foreach (var row in Table)
            if (row.Type == type)
                return row.Name;
        throw new ArgumentException($"safetensors cannot store tensors of dtype {type}; convert it first.", nameof(type));
    }

    /// <summary>Position in the Rust writer's data order: lower comes first.</summary>
    public static int WriteRank(torch.ScalarType type)
    {
        for (int i = 0; i < Table.Length; i++)
            if (Table[i].Type == type)
                return i;
        throw new ArgumentException($"safetensors cannot store tensors of dtype {type}; convert it first.", nameof(type));
    }

    public static int SizeOf(torch.ScalarType type)
    {
        foreach (var row in Table)
            if (row.Type == type)
                return row.Size;
        throw new ArgumentException($"safetensors cannot store tensors of dtype {type}; convert it first.", nameof(type));
    }
}
