namespace HfTrain.Data.Files;

/// <summary>The dataset file formats <c>--train_file</c> and friends accept (each also gzip-compressed).</summary>
public enum DatasetFormat
{
    /// <summary>Comma-separated values with a header row, RFC 4180 quoting (tab-separated for <c>.tsv</c>).</summary>
    Csv,

    /// <summary>JSON Lines: one object per line.</summary>
    JsonLines,

    /// <summary>One JSON document: an array of objects, or an object holding one such array (<c>{"data": [...]}</c>).</summary>
    Json,

    /// <summary>Apache Parquet (the Hub's parquet conversion).</summary>
    Parquet,
}
