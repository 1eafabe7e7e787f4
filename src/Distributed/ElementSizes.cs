namespace HfTrain.Distributed;

internal static class ElementSizes
{
    public static int Of(ElementType type) => type switch
    {
        ElementType.Float64 or ElementType.Int64 => 8,
        ElementType.Float32 or ElementType.Int32 => 4,
        ElementType.Float16 or ElementType.BFloat16 => 2,
        _ => 1,
    };
}
