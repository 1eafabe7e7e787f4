using System.Collections;
using System.Globalization;
using HfTrain.Abstractions;
using Parquet.Serialization;

namespace HfTrain.Data.Files;

/// <summary>Parquet through Parquet.Net's untyped deserializer: structs (the <c>translation</c> column) become
/// nested rows, lists become lists, integers long, floats double.</summary>
internal static class ParquetFileReader
{
    public static DatasetFile Read(string path, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        DeserializationResult<Dictionary<string, object>> result;
        try
        {
            result = ParquetSerializer.DeserializeUntypedAsync(stream).GetAwaiter().GetResult();
        }
        // a corrupt footer or page surfaces as any of Thrift's or Parquet.Net's exceptions (also ArgumentOutOfRange,
        // IndexOutOfRange, Overflow): all mean the file cannot be read, none is a bug of ours
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new TaskInputException($"{path}: cannot read this Parquet file, its footer or data is corrupt or truncated ({e.GetType().Name}: {e.Message}). Re-export it, or convert it to JSON Lines.");
        }
        var columns = result.Schema.Fields.Select(f => f.Name).ToArray();
        var rows = new List<DataRow>(result.Data.Count);
        for (var i = 0; i < result.Data.Count; i++)
        {
            var location = FileLocation.Row(path, i + 1);
            rows.Add(ToRow(result.Data[i], location));
        }
        return new DatasetFile(path, DatasetFormat.Parquet, columns, rows);
    }

    private static DataRow ToRow(IDictionary<string, object> source, string location)
    {
        var values = new Dictionary<string, object?>(source.Count, StringComparer.Ordinal);
        foreach (var (key, value) in source)
            values[key] = ToValue(value, location);
        return new DataRow(values, location);
    }

    private static object? ToValue(object? value, string location) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        sbyte or byte or short or ushort or int or uint or long => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        float or double or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        IDictionary<string, object> nested => ToRow(nested, location),
        byte[] bytes => bytes,
        IEnumerable list => list.Cast<object?>().Select(v => ToValue(v, location)).ToList(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
