using HfTrain.Abstractions;
using PublicApiGenerator;
using Snapshooter.Xunit;

namespace HfTrain.Abstractions.Tests;

/// <summary>
/// The plugin contract is a published package: any change to its public surface shows up here and must be
/// deliberate (additive within a major version; see docs/ARCHITECTURE.md).
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Public_api_matches_the_approved_snapshot()
    {
        string api = typeof(ITaskPlugin).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],
        });
        Snapshot.Match(api.Split('\n').Select(l => l.TrimEnd('\r')).ToArray());
    }

    [Fact]
    public void Contract_assembly_references_only_the_framework()
    {
        var references = typeof(ITaskPlugin).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard", name));
    }

    [Fact]
    public void Standard_options_have_unique_snake_case_names()
    {
        var names = StandardOptions.Model.Concat(StandardOptions.Seq2SeqData).Select(o => o.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches("^[a-z][a-z0-9_]*$", n));
    }

    [Fact]
    public void Data_row_text_names_the_location_when_a_column_is_not_text()
    {
        var row = new DataRow(new Dictionary<string, object?> { ["document"] = 42L, ["summary"] = "s" }, "train.jsonl:line 7");
        var error = Assert.Throws<TaskInputException>(() => row.Text("document"));
        Assert.Contains("train.jsonl:line 7", error.Message);
        Assert.Contains("document", error.Message);
        Assert.Equal("s", row.Text("summary"));
        Assert.Null(row.Text("missing"));
    }
}
