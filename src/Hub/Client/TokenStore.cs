using System.Text;

namespace HfTrain.Hub.Client;

/// <summary>
/// The token files of huggingface_hub (<c>_login.py</c>, <c>utils/_auth.py</c>): the active token in
/// <c>$HF_TOKEN_PATH</c> (one line), and every saved token in <c>$HF_HOME/stored_tokens</c>, an INI file with one
/// section per token name and its <c>hf_token</c> key. Both are written aside, mode 0600, and renamed into place.
/// </summary>
public static class TokenStore
{
    /// <summary>The token in <paramref name="tokenPath"/>, or null when the file is missing or empty.</summary>
    public static string? ReadActive(string tokenPath)
    {
        try
        {
            return File.Exists(tokenPath) && File.ReadAllText(tokenPath).Trim() is { Length: > 0 } token ? token : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Saves <paramref name="token"/> under <paramref name="name"/> in stored_tokens and makes it active.</summary>
    public static void Save(HubSettings settings, string name, string token)
    {
        var stored = ReadStored(settings.StoredTokensPath);
        stored[name] = token;
        WritePrivate(settings.StoredTokensPath, FormatStored(stored));
        WritePrivate(settings.TokenPath, token);
    }

    /// <summary>Removes the active token file and every stored token (<c>hf auth logout</c> without a name).</summary>
    public static bool Clear(HubSettings settings)
    {
        bool any = false;
        foreach (string path in new[] { settings.TokenPath, settings.StoredTokensPath })
        {
            if (File.Exists(path))
            {
                File.Delete(path);
                any = true;
            }
        }
        return any;
    }

    /// <summary>Name → token from an INI <c>stored_tokens</c> file (configparser's layout); empty when missing.</summary>
    public static SortedDictionary<string, string> ReadStored(string path)
    {
        var tokens = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
            return tokens;
        string? section = null;
        foreach (string raw in File.ReadAllLines(path))
        {
            string line = raw.Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
                section = line[1..^1];
            else if (section is not null && line.Split('=', 2) is [var key, var value] && key.Trim() == "hf_token")
                tokens[section] = value.Trim();
        }
        return tokens;
    }

    static string FormatStored(SortedDictionary<string, string> tokens)
    {
        var text = new StringBuilder();
        foreach (var (name, token) in tokens)
            text.Append('[').Append(name).Append("]\nhf_token = ").Append(token).Append("\n\n");
        return text.ToString();
    }

    /// <summary>The token as huggingface_hub shows it: the first 4 and last 4 characters... here only a short prefix,
    /// never enough to use it.</summary>
    public static string Mask(string? token) =>
        string.IsNullOrEmpty(token) ? "(none)" : token.Length <= 8 ? new string('*', token.Length) : token[..4] + new string('*', 8);

    static void WritePrivate(string path, string content)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        string aside = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(aside, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            writer.Write(content);
        File.Move(aside, path, overwrite: true);
    }
}
