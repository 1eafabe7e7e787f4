namespace HfTrain.Engine.Training;

/// <summary>Writes a file next to its destination and renames it into place: readers never see half a file.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        string temp = $"{path}.tmp-{Environment.ProcessId}";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
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
