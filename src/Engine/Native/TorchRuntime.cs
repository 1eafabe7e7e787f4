using TorchSharp;

namespace HfTrain.Engine.Native;

/// <summary>Facts about the libtorch this process loaded, for <c>hf-train env</c> and error messages.</summary>
public static class TorchRuntime
{
    /// <summary>Shared objects of libtorch/TorchSharp mapped into this process (from /proc/self/maps).</summary>
    public static IReadOnlyList<string> LoadedNativeLibraries()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
            return [];
        return File.ReadLines(maps)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length >= 6)
            .Select(parts => string.Join(' ', parts.Skip(5)))
            .Where(path => path.EndsWith(".so", StringComparison.Ordinal) || path.Contains(".so.", StringComparison.Ordinal))
            .Where(path => Path.GetFileName(path) is var f && (f.StartsWith("libtorch", StringComparison.Ordinal)
                || f.StartsWith("libc10", StringComparison.Ordinal) || f.StartsWith("libLibTorchSharp", StringComparison.Ordinal)))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Forces libtorch to load (TorchSharp loads it lazily) and returns a one-line description.</summary>
    public static string Describe()
    {
        using var probe = torch.ones(2, 2);
        string cuda = torch.cuda.is_available() ? $"CUDA available, {torch.cuda.device_count()} device(s)" : "CUDA not available";
        return $"TorchSharp {typeof(torch).Assembly.GetName().Version}, {cuda}";
    }
}
