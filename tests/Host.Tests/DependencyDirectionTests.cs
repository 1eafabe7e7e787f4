using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace HfTrain.Host.Tests;

/// <summary>
/// Dependencies point one way (docs/ARCHITECTURE.md): Host → {Engine, Hub}; Engine → {Data, Tokenization, Distributed}; Data, Tokenization → Abstractions;
/// plugins → Abstractions only. Read from the compiled assemblies' references, so it cannot drift.
/// </summary>
public sealed class DependencyDirectionTests
{
    static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["HfTrain.Abstractions"] = [],
        ["HfTrain.Tokenization"] = ["HfTrain.Abstractions"],
        ["HfTrain.Data"] = ["HfTrain.Abstractions"],
        ["HfTrain.Hub"] = [],
        ["HfTrain.Distributed"] = [],
        ["HfTrain.Engine"] = ["HfTrain.Abstractions", "HfTrain.Tokenization", "HfTrain.Data", "HfTrain.Distributed"],
        ["hf-train"] = ["HfTrain.Abstractions", "HfTrain.Engine", "HfTrain.Tokenization", "HfTrain.Data", "HfTrain.Hub", "HfTrain.Distributed"],
        ["HfTrain.Plugins.Summarization"] = ["HfTrain.Abstractions"],
        ["HfTrain.Plugins.Translation"] = ["HfTrain.Abstractions"],
    };

    public static TheoryData<string> Assemblies() => new(Allowed.Keys);

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Assembly_references_only_what_its_layer_allows(string name)
    {
        string path = Locate(name);
        var ours = References(path).Where(r => r.StartsWith("HfTrain", StringComparison.Ordinal) || r == "hf-train").ToList();
        Assert.All(ours, r => Assert.Contains(r, Allowed[name]));
    }

    [Fact]
    public void Plugins_and_contract_do_not_reference_torchsharp()
    {
        foreach (string name in new[] { "HfTrain.Abstractions", "HfTrain.Plugins.Summarization", "HfTrain.Plugins.Translation", "HfTrain.Data", "HfTrain.Tokenization", "HfTrain.Hub", "HfTrain.Distributed" })
            Assert.DoesNotContain("TorchSharp", References(Locate(name)));
    }

    static string Locate(string name)
    {
        string dir = AppContext.BaseDirectory;
        string direct = Path.Combine(dir, name + ".dll");
        if (File.Exists(direct))
            return direct;
        return Path.Combine(dir, "plugins", name, name + ".dll");
    }

    static List<string> References(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToList();
    }
}
