namespace HfTrain.Engine.Formats;

/// <summary>
/// ENOSPC while writing under <see cref="Folder"/>, with about how many bytes the write needed (what was being written
/// — a whole checkpoint folder, or one file). An <see cref="IOException"/> with ENOSPC's HResult (28), so code that
/// checks for a full disk by HResult still recognises it.
/// </summary>
public sealed class DiskFullException : IOException
{
    public const int Enospc = 28;

    public DiskFullException(string folder, long bytesNeeded, Exception? inner = null)
        : base($"No space left on device: '{folder}' (needs about {Megabytes(bytesNeeded)} MB)", inner)
    {
        Folder = folder;
        BytesNeeded = bytesNeeded;
        HResult = Enospc;
    }

    public string Folder { get; }

    public long BytesNeeded { get; }

    /// <summary>Whole megabytes, rounded up, at least 1.</summary>
    public static long Megabytes(long bytes) => Math.Max(1, (bytes + (1 << 20) - 1) >> 20);

    /// <summary>ENOSPC on Unix (HResult 28), ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.</summary>
    public static bool IsDiskFull(Exception error) =>
        error is IOException io && (io.HResult == Enospc || (io.HResult & 0xFFFF) is 0x70 or 0x27);

    /// <summary>The bytes of the files under <paramref name="folder"/> (0 when it is gone).</summary>
    public static long SizeOf(string folder) =>
        Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
}
