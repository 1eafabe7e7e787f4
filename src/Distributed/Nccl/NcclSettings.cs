using System.Globalization;

namespace HfTrain.Distributed.Nccl;

/// <summary>
/// What the NCCL backend reads from the environment: HF_TRAIN_NCCL_LIB (a libnccl.so.2 file or the folder holding
/// it), the libtorch folder in use (PyTorch's NCCL sits beside it in site-packages/nvidia/nccl/lib), the collective
/// timeout HF_TRAIN_NCCL_TIMEOUT (seconds, default 600) and the store key prefix (TORCHELASTIC_RUN_ID and
/// TORCHELASTIC_RESTART_COUNT, so a restarted group never reads the previous attempt's id).
/// </summary>
public sealed record NcclSettings(string? Library, string? TorchFolder, TimeSpan Timeout, string KeyPrefix)
{
    public const string LibraryVariable = "HF_TRAIN_NCCL_LIB";
    public const string TimeoutVariable = "HF_TRAIN_NCCL_TIMEOUT";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(600);

    public static NcclSettings From(Func<string, string?> variables, string? torchFolder)
    {
        TimeSpan timeout = DefaultTimeout;
        if (variables(TimeoutVariable) is { Length: > 0 } text)
        {
            timeout = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : throw new CollectiveException($"{TimeoutVariable}={text} is not a number of seconds above 0.");
        }
        string run = variables("TORCHELASTIC_RUN_ID") is { Length: > 0 } id ? id : "run";
        string attempt = variables("TORCHELASTIC_RESTART_COUNT") is { Length: > 0 } count ? count : "0";
        return new NcclSettings(variables(LibraryVariable) is { Length: > 0 } lib ? lib : null, torchFolder, timeout, $"hf-train/{run}/{attempt}/");
    }

    /// <summary>The files to try, in order: HF_TRAIN_NCCL_LIB (alone: a wrong override is an error, not skipped), else
    /// PyTorch's nvidia/nccl/lib beside its torch/lib, else the system's libnccl.so.2.</summary>
    public IReadOnlyList<string> Candidates(Func<string, bool> exists)
    {
        const string file = "libnccl.so.2";
        if (Library is not null)
            return [Directory.Exists(Library) ? Path.Combine(Library, file) : Library];
        var list = new List<string>();
        if (TorchFolder is not null)
        {
            // site-packages/torch/lib → site-packages/nvidia/nccl/lib
            string besideTorch = Path.GetFullPath(Path.Combine(TorchFolder, "..", "..", "nvidia", "nccl", "lib", file));
            if (exists(besideTorch))
                list.Add(besideTorch);
        }
        list.Add(file);
        return list;
    }
}
