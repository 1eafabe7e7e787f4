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
        return $"TorchSharp {typeof(torch).Assembly.GetName().Version} (built for libtorch {torch.__version__}), {cuda}";
    }

    /// <summary>
    /// The libtorch part of <c>hf-train env</c> (markdown list lines): which libtorch was chosen and why, the candidates
    /// skipped, CUDA and its devices, and the files loaded. Forces libtorch to load; a load failure becomes a line.
    /// </summary>
    public static IReadOnlyList<string> Report()
    {
        var lines = new List<string>();
        TorchLibraryChoice? choice = TorchLibrary.Choice;
        if (choice is null)
        {
            lines.Add("- libtorch choice: TorchLibrary.Load() was not called (TorchSharp's default loading)");
        }
        else
        {
            lines.Add($"- libtorch choice: {choice.Summary}");
            lines.Add($"  - because: {choice.Reason}");
            foreach (TorchLibraryCandidate c in choice.Tried)
                lines.Add($"  - skipped {c.Source}{(c.Folder is null ? "" : $" ({c.Folder})")}: {c.SkippedBecause}");
        }
        try
        {
            lines.Add($"- libtorch: {Describe()}");
            lines.Add($"- layer norm without a graph (evaluation, generation): {(FusedRmsNorm.Available ? "libtorch's fused rms_norm" : $"written out ({FusedRmsNorm.Variable}=0 or the op is missing)")}");
            if (torch.cuda.is_available())
            {
                var devices = CudaDriver.Devices(out string? driverCuda);
                lines.Add($"- CUDA driver: {driverCuda ?? "unknown"}, cuDNN {(torch.cuda.is_cudnn_available() ? "available" : "not available")}");
                lines.AddRange(devices.Select(d => $"  - {d}"));
                lines.Add($"- CUDA allocator: {CudaAllocatorConfig.Variable}={Environment.GetEnvironmentVariable(CudaAllocatorConfig.Variable)}");
                lines.Add($"- attention: cuDNN SDPA {(AttentionBackends.CudnnAttentionEnabled() switch { true => "on", false => "off", null => "switch not found" })} (hf-train turns it off for runs: a plan per shape)");
            }
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException or EntryPointNotFoundException)
        {
            lines.Add("- libtorch failed to load: " + (e.InnerException ?? e).Message);
        }
        lines.AddRange(LoadedNativeLibraries().Select(path => $"  - loaded: {path}"));
        return lines;
    }

    /// <summary>
    /// A tiny end-to-end CUDA check for <c>hf-train env --check-cuda</c>: [2,3] @ [3,2] on cuda:0, copied back
    /// (a host–device sync) and compared with the exact answer. Returns one line; never throws for a missing GPU.
    /// </summary>
    public static string CheckCuda()
    {
        if (!torch.cuda.is_available())
            return "cuda check: skipped, CUDA not available";
        using var scope = torch.NewDisposeScope();
        var cuda = new torch.Device(DeviceType.CUDA, 0);
        var a = torch.arange(6, dtype: torch.float32, device: cuda).reshape(2, 3);   // [2, 3]
        var product = a.matmul(a.t());                                                // [2, 2]
        float[] result = product.cpu().data<float>().ToArray();                      // sync
        float[] expected = [5, 14, 14, 50];
        bool ok = result.SequenceEqual(expected);
        return $"cuda check: [2,3]@[3,2] on {product.device} = [{string.Join(", ", result)}] {(ok ? "OK" : "WRONG, expected [5, 14, 14, 50]")}";
    }
}
