namespace HfTrain.Hub.Client;

/// <summary>
/// An exclusive lock on a file under <c>{cache}/.locks/</c>, the same file Python's <c>filelock.FileLock</c> takes
/// for the same blob. Both end in <c>flock(LOCK_EX | LOCK_NB)</c>: .NET takes it when a file is opened with
/// <see cref="FileShare.None"/> on Unix, so hf-train and Python never write one blob at the same time.
/// </summary>
public sealed class CacheFileLock : IDisposable
{
    readonly FileStream _stream;

    CacheFileLock(FileStream stream) => _stream = stream;

    /// <summary>Waits for the lock (polling, as filelock does), up to <paramref name="timeout"/>.</summary>
    public static async Task<CacheFileLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new CacheFileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancel).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new HubClientException(HubErrorKind.Connection,
                    $"another process holds the download lock {path} for longer than {timeout.TotalMinutes:F0} minutes. " +
                    "Wait for it to finish; if no download runs, delete the lock file.", e);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
