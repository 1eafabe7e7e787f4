using System.Text;

namespace HfTrain.Host.Launch;

/// <summary>
/// Follows a file another process appends to (a rank's output under mpirun), handing over whole lines; the
/// unfinished last line waits for its end, or for <see cref="Flush"/> once the writer is gone.
/// </summary>
internal sealed class FileTail(string path, Action<string> line)
{
    readonly StringBuilder _partial = new();
    readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    long _position;

    /// <summary>Reads what was appended since the last call; false when the file does not exist yet.</summary>
    public bool Poll()
    {
        if (!File.Exists(path))
            return false;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length <= _position)
            return true;
        stream.Position = _position;
        var bytes = new byte[stream.Length - _position];
        int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        _position += read;
        var chars = new char[_decoder.GetCharCount(bytes, 0, read)];
        _decoder.GetChars(bytes, 0, read, chars, 0);
        foreach (char c in chars)
        {
            if (c == '\n')
            {
                line(_partial.ToString().TrimEnd('\r'));
                _partial.Clear();
            }
            else
                _partial.Append(c);
        }
        return true;
    }

    /// <summary>The last line without its newline (a rank killed mid-line).</summary>
    public void Flush()
    {
        Poll();
        if (_partial.Length > 0)
            line(_partial.ToString());
        _partial.Clear();
    }
}
