using System.Reflection;

namespace HfTrain.Host;

/// <summary>The tool's version as users see it (the informational version without the source hash).</summary>
internal static class ToolVersion
{
    public static string Text { get; } =
        (typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];
}
