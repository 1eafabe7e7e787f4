using System.IO.Compression;
using HfTrain.Abstractions;

namespace HfTrain.Data.Files;

/// <summary>
/// Reads <c>--train_file</c>/<c>--validation_file</c>/<c>--test_file</c>: CSV, JSON Lines, JSON or Parquet, each
/// optionally gzip-compressed. The format comes from the content where it is unambiguous (gzip and Parquet magic
/// bytes, a leading '[' or '{'), else from the extension, else CSV.
/// </summary>
public static class DatasetReader
{
    /// <summary>All rows of <paramref name="path"/>; a <see cref="TaskInputException"/> for anything the user can fix.</summary>
    public static DatasetFile Read(string path)
    {
        if (!File.Exists(path))
            throw new TaskInputException(
                Directory.Exists(path)
                    ? $"{path} is a folder; --train_file/--validation_file/--test_file take a file (.jsonl, .json, .csv, .parquet, or .gz of each). For a folder laid out like a Hub dataset use --dataset_name."
                    : $"{path}: file not found (working directory {Environment.CurrentDirectory}). Check the path given to --train_file/--validation_file/--test_file.");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new TaskInputException($"{path}: cannot read the file ({e.Message}).");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new TaskInputException($"{path}: no permission to read the file ({e.Message}).");
        }
        return Read(path, bytes);
    }

    /// <summary>Rows of a file already in memory (e.g. an embedded sample); <paramref name="path"/> names it in
    /// messages and its extension is the format hint.</summary>
    public static DatasetFile Read(string path, byte[] bytes)
    {
        bytes = Decompress(path, bytes);
        var format = DetectFormat(path, bytes);
        if (format == DatasetFormat.Parquet)
            return ParquetFileReader.Read(path, bytes);
        if (format == DatasetFormat.JsonLines)
            return JsonLinesReader.Read(path, bytes);
        var text = Utf8Text.Decode(bytes, path);
        return format switch
        {
            DatasetFormat.Json => JsonDocumentReader.Read(path, text),
            _ => CsvReader.Read(path, text, StripGz(path).EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ','),
        };
    }

    /// <summary>Several shards of one split read as one: rows concatenated in the given order, columns in
    /// first-seen order.</summary>
    public static DatasetFile ReadAll(IReadOnlyList<string> paths)
    {
        if (paths.Count == 1)
            return Read(paths[0]);
        var files = paths.Select(Read).ToList();
        var columns = files.SelectMany(f => f.Columns).Distinct(StringComparer.Ordinal).ToList();
        var rows = files.SelectMany(f => f.Rows).ToList();
        return new DatasetFile(string.Join(", ", paths), files.Count > 0 ? files[0].Format : DatasetFormat.JsonLines, columns, rows);
    }

    /// <summary>The format of a (decompressed) file: by content first, then by extension.</summary>
    public static DatasetFormat DetectFormat(string path, ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("PAR1"u8))
            return DatasetFormat.Parquet;
        var extension = Path.GetExtension(StripGz(path)).ToLowerInvariant();
        if (extension == ".parquet")
            throw new TaskInputException($"{path}: the name says Parquet but the file does not start with the Parquet magic bytes 'PAR1'. Is it truncated, or another format renamed?");
        var body = bytes.TrimStart("\uFEFF"u8).TrimStart(" \t\r\n"u8);
        if (body.IsEmpty)
            return extension is ".csv" or ".tsv" ? DatasetFormat.Csv : DatasetFormat.JsonLines;
        if (body[0] == (byte)'[')
            return DatasetFormat.Json;
        if (body[0] == (byte)'{')
            return extension == ".jsonl" || extension == ".ndjson" || !WholeDocumentHoldsRows(body)
                ? DatasetFormat.JsonLines
                : DatasetFormat.Json;
        return extension is ".jsonl" or ".ndjson" or ".json" ? DatasetFormat.JsonLines : DatasetFormat.Csv;
    }

    /// <summary>A '{' file is a JSON document only when its first line is not a complete object of its own and
    /// the whole text parses as one document holding rows; anything else is read (and reported) as JSON Lines.</summary>
    private static bool WholeDocumentHoldsRows(ReadOnlySpan<byte> body)
    {
        var newline = body.IndexOf((byte)'\n');
        var firstLine = newline < 0 ? body : body[..newline];
        var rest = newline < 0 ? [] : body[(newline + 1)..].Trim(" \t\r\n"u8);
        if (!rest.IsEmpty && IsCompleteJson(firstLine))
            return false;
        try
        {
            return JsonDocumentReader.HoldsRows(System.Text.Encoding.UTF8.GetString(body));
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsCompleteJson(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(line);
            return reader.Read() && reader.TrySkip() && reader.BytesConsumed > 0 && line[(int)reader.BytesConsumed..].Trim(" \t\r"u8).IsEmpty;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static byte[] Decompress(string path, byte[] bytes)
    {
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b)
            return bytes;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            byte[] decompressed = output.ToArray();
            GzipTrailer.Verify(path, bytes, decompressed);
            return decompressed;
        }
        catch (InvalidDataException e)
        {
            // zlib checks the trailer too, but reports a CRC32 or length mismatch as any other corruption
            throw new TaskInputException($"{path}: the gzip data is corrupt, or its CRC32/length check failed ({e.Message}). Re-download or re-compress the file (`gzip -t FILE` checks it).");
        }
        catch (EndOfStreamException)
        {
            throw new TaskInputException($"{path}: the gzip file is truncated (it ends inside the compressed data). Re-download or re-compress the file.");
        }
    }

    private static string StripGz(string path) =>
        path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
}
