using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace HfTrain.Engine.Reporting;

/// <summary>The model card's "Framework versions": ours in place of Transformers/Pytorch/Datasets/Tokenizers.</summary>
public static class FrameworkVersions
{
    /// <summary>hf-train (the entry assembly, else the engine), TorchSharp, libtorch (torch.__version__) and .NET.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Detect()
    {
        var product = Assembly.GetEntryAssembly() is { } entry && entry.GetName().Name?.StartsWith("HfTrain", StringComparison.Ordinal) == true
            ? entry
            : typeof(FrameworkVersions).Assembly;
        return
        [
            new("hf-train", Informational(product)),
            new("TorchSharp", Informational(typeof(torch).Assembly)),
            new("libtorch", torch.__version__),
            new(".NET", RuntimeInformation.FrameworkDescription.Replace(".NET ", "", StringComparison.Ordinal)),
        ];
    }

    static string Informational(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? assembly.GetName().Version?.ToString() ?? "unknown";
        var plus = version.IndexOf('+');
        return plus < 0 ? version : version[..plus];
    }
}
