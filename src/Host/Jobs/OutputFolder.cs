using System.Runtime.InteropServices;
using System.Text;
using HfTrain.Abstractions;

namespace HfTrain.Host.Jobs;

/// <summary>
/// The output folder, claimed before any data or model is read: created (or found), shown writable by a probe file,
/// and locked for the whole run. The lock is an exclusive, non-blocking flock on <c>.hf-train.lock</c> (what .NET
/// takes on Unix for <see cref="FileShare.None"/>; a mandatory share lock on Windows); the OS drops it when the
/// process dies, so a crashed run never blocks the next one, while a live one makes a second run on the folder fail
/// at once, naming the first. The lock file stays (deleting it would let two runs lock two different files).
/// </summary>
internal sealed class OutputFolder : IDisposable
{
    public const string LockFileName = ".hf-train.lock";
    const string ProbePrefix = ".hf-train-probe-";

    readonly FileStream _lock;

    OutputFolder(FileStream lockStream) => _lock = lockStream;

    /// <summary>hf-train's own files, which HF's "already exists and is not empty" rule does not count.</summary>
    public static bool IsOwnFile(string name) => name == LockFileName || name.StartsWith(ProbePrefix, StringComparison.Ordinal);

    public static OutputFolder Claim(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new TaskInputException($"--output_dir {path}: cannot create the folder: {Reason(path, e)}");
        }
        string probe = Path.Combine(path, ProbePrefix + Environment.ProcessId);
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TaskInputException($"--output_dir {path}: cannot write in the folder: {Reason(path, e)}");
        }
        return new OutputFolder(Lock(path));
    }

    static FileStream Lock(string path)
    {
        string file = Path.Combine(path, LockFileName);
        FileStream stream;
        try
        {
            stream = new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (File.Exists(file) && e is not PathTooLongException)
        {
            throw new TaskInputException($"--output_dir {path} is in use by another hf-train run ({Holder(file)}; lock file {file}): " +
                                         "wait for it to finish or stop it, or choose another --output_dir.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TaskInputException($"--output_dir {path}: cannot create the lock file {file}: {Reason(path, e)}");
        }
        // who holds it, for the error a second run prints (it cannot open the file through .NET while we hold it)
        stream.SetLength(0);
        stream.Write(Encoding.UTF8.GetBytes($"{Environment.ProcessId}\n{OneLine(HfTrain.Host.Hub.TokenRedaction.Redact(Environment.CommandLine))}\n"));   // no token in the output folder
        stream.Flush();
        return stream;
    }

    /// <summary>"pid N: command line" from the lock file, read without a lock (libc open/read: every .NET open of
    /// the file asks for a flock, which the holder's exclusive lock refuses).</summary>
    static string Holder(string file)
    {
        string? text = null;
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                int fd = Libc.Open(file, 0);                 // O_RDONLY
                if (fd >= 0)
                {
                    var buffer = new byte[8192];
                    nint read = Libc.Read(fd, buffer, buffer.Length);
                    Libc.Close(fd);
                    text = read > 0 ? Encoding.UTF8.GetString(buffer, 0, (int)read) : null;
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
            }
        }
        string[] lines = (text ?? "").Split('\n', 2, StringSplitOptions.TrimEntries);
        return lines[0].Length > 0 && int.TryParse(lines[0], out int pid)
            ? $"pid {pid}: {(lines.Length > 1 && lines[1].Length > 0 ? lines[1] : "command line unknown")}"
            : "process unknown";
    }

    static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    /// <summary>Why a folder cannot be made or written, in words that point at the fix.</summary>
    static string Reason(string path, Exception e)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full))
            return "a file of that name is in the way; remove it or choose another --output_dir.";
        for (string? dir = Path.GetDirectoryName(full); dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(dir))
                return $"{dir} is a file, not a folder; choose another --output_dir.";
        return e switch
        {
            PathTooLongException => "the name is too long; choose a shorter --output_dir.",
            UnauthorizedAccessException => "permission denied; choose a folder you can write to, or change its permissions.",
            _ => $"{OneLine(e.Message).TrimEnd('.')}; choose a folder you can write to.",
        };
    }

    public void Dispose()
    {
        try
        {
            _lock.SetLength(0);                              // no stale pid for the next reader
        }
        catch (IOException)
        {
            // a full or vanished disk: the lock goes with the handle anyway, and a stale pid only shows in a refusal
        }
        _lock.Dispose();
    }

    static class Libc
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "read", SetLastError = true)]
        public static extern nint Read(int fd, byte[] buffer, nint count);

        [DllImport("libc", EntryPoint = "close")]
        public static extern int Close(int fd);
    }
}
