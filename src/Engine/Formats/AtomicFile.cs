using System.Text;

namespace HfTrain.Engine.Formats;

/// <summary>Writes a file (or a folder) aside and renames it into place: readers never see half of one.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text) =>
        Write(path, stream => stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text)));

    /// <summary>Writes through a temporary file in the target's folder (created when missing), flushed to disk and
    /// renamed over the target; the temporary file is deleted when <paramref name="write"/> throws. A full disk becomes
    /// a <see cref="DiskFullException"/> naming the folder and about what the file needed (<paramref name="expectedBytes"/>
    /// when the writer knows it, else what had been written).</summary>
    public static void Write(string path, Action<FileStream> write, long? expectedBytes = null)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (DiskFullException.IsDiskFull(e) && e is not DiskFullException)
        {
            long written = File.Exists(temp) ? new FileInfo(temp).Length : 0;
            File.Delete(temp);
            throw new DiskFullException(directory, Math.Max(expectedBytes ?? 0, written), e);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Moves a fully written folder into place, replacing an older one of the same name.</summary>
    public static void ReplaceDirectory(string completed, string destination)
    {
        if (Directory.Exists(destination))
        {
            string old = $"{destination}.old-{Environment.ProcessId}";
            Directory.Move(destination, old);
            Directory.Move(completed, destination);
            Directory.Delete(old, recursive: true);
        }
        else
        {
            Directory.Move(completed, destination);
        }
    }
}
