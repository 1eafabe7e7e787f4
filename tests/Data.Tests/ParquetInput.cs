using System.Text.Json.Serialization;
using Parquet.Serialization;

namespace HfTrain.Data.Tests;

/// <summary>Writes real Parquet files with Parquet.Net: flat summarization rows and a struct translation column
/// (the layout of the Hub's parquet conversion of wmt16).</summary>
internal static class ParquetInput
{
    public sealed class SummaryRow
    {
        [JsonPropertyName("document")]
        public string? Document { get; set; }

        [JsonPropertyName("summary")]
        public string? Summary { get; set; }

        [JsonPropertyName("id")]
        public long Id { get; set; }
    }

    public sealed class Pair
    {
        [JsonPropertyName("en")]
        public string? En { get; set; }

        [JsonPropertyName("de")]
        public string? De { get; set; }
    }

    public sealed class TranslationRow
    {
        [JsonPropertyName("translation")]
        public Pair? Translation { get; set; }
    }

    public static void WriteSummaries(string path, int count)
    {
        var rows = Enumerable.Range(0, count)
            .Select(i => new SummaryRow { Document = $"document {i}, with a comma", Summary = $"summary {i}", Id = i })
            .ToList();
        Write(path, rows);
    }

    public static void WriteTranslations(string path)
    {
        var rows = new List<TranslationRow>
        {
            new() { Translation = new Pair { En = "convert a file", De = "eine Datei konvertieren" } },
            new() { Translation = new Pair { En = "It converts files.", De = "Es konvertiert Dateien." } },
        };
        Write(path, rows);
    }

    private static void Write<T>(string path, IReadOnlyList<T> rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ParquetSerializer.SerializeAsync(rows, path).GetAwaiter().GetResult();
    }
}
