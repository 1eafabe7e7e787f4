using System.Text.RegularExpressions;

namespace HfTrain.EndToEnd.Tests;

/// <summary>
/// HfTrain.MSBuild as a CI build uses it: a project references the package (packed from this checkout), runs the
/// installed tool with <c>dotnet build -t:HfTrainGate</c> and gates on eval_rouge1. One small evaluation of the
/// embedded demo (seconds) is shared by the tests that only read its results.
/// </summary>
[Collection(nameof(InstalledTool))]
public sealed class MSBuildIntegrationTests(InstalledTool tool)
{
    static GateProject? _shared;

    GateProject Shared => _shared ??= new GateProject(tool, "msbuild-gate");

    [Fact]
    public void The_gate_passes_at_a_low_bound_and_a_second_build_skips_the_run()
    {
        var first = Shared.Build("-p:HfTrainGateMin=0");
        Assert.True(first.Code == 0, first.Log);
        Assert.Matches(@"HfTrainGate: eval_rouge1 \S+ >= 0 \(", first.Log);
        var written = File.GetLastWriteTimeUtc(Shared.Results);

        var second = Shared.Build("-p:HfTrainGateMin=0", "-v:n");
        Assert.True(second.Code == 0, second.Log);
        Assert.Contains("Skipping target \"HfTrain\" because all output files are up-to-date", second.Log);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Shared.Results));
    }

    [Fact]
    public void A_changed_input_item_runs_the_tool_again()
    {
        Assert.Equal(0, Shared.Build("-p:HfTrainGateMin=0").Code);
        var written = File.GetLastWriteTimeUtc(Shared.Results);
        File.SetLastWriteTimeUtc(Shared.Input, DateTime.UtcNow);

        var rerun = Shared.Build("-p:HfTrainGateMin=0", "-v:n");
        Assert.True(rerun.Code == 0, rerun.Log);
        Assert.DoesNotContain("Skipping target \"HfTrain\"", rerun.Log);
        Assert.NotEqual(written, File.GetLastWriteTimeUtc(Shared.Results));
    }

    [Fact]
    public void Above_a_high_bound_the_build_fails_with_HFT001_in_canonical_form()
    {
        var run = Shared.Build("-p:HfTrainGateMin=101");
        Assert.NotEqual(0, run.Code);
        Assert.Matches(CanonicalError("HFT001", @"eval_rouge1 \S+ < 101 \(" + Regex.Escape(Shared.Results) + @"\)"), run.Log);
    }

    [Fact]
    public void A_loss_above_its_maximum_is_HFT001_and_only_a_warning_when_asked()
    {
        string[] loss = ["-p:HfTrainGateMetric=eval_loss", "-p:HfTrainGateMin=", "-p:HfTrainGateMax=0.001"];
        var failing = Shared.Build(loss);
        Assert.NotEqual(0, failing.Code);
        Assert.Matches(CanonicalError("HFT001", @"eval_loss \S+ > 0\.001"), failing.Log);

        var warning = Shared.Build([.. loss, "-p:HfTrainGateAsWarning=true"]);
        Assert.True(warning.Code == 0, warning.Log);
        Assert.Contains("warning HFT001: eval_loss", warning.Log);
    }

    [Fact]
    public void A_metric_the_run_did_not_write_fails_with_HFT002_listing_those_it_did()
    {
        var run = Shared.Build("-p:HfTrainGateMetric=eval_bleu", "-p:HfTrainGateMin=0");
        Assert.NotEqual(0, run.Code);
        Assert.Matches(CanonicalError("HFT002", "eval_bleu is not in .*; it has: .*eval_rouge1"), run.Log);
    }

    [Fact]
    public void The_tools_own_error_becomes_an_HFT101_error_at_the_arguments_line_in_a_multi_targeting_project_too()
    {
        // TargetFrameworks (even one) makes -t:HfTrainGate run in the outer build, which sees buildMultiTargeting/ only
        var project = new GateProject(tool, "msbuild-usage-error", "--do_eval --bogus_option 1", frameworks: "TargetFrameworks");
        var run = project.Build("-p:HfTrainGateMin=0");
        Assert.NotEqual(0, run.Code);
        int line = Array.FindIndex(File.ReadAllLines(project.ProjectFile), l => l.Contains("<HfTrainArguments", StringComparison.Ordinal)) + 1;
        Assert.Contains($"{project.ProjectFile}({line}): error HFT101: hf-train: unknown option '--bogus_option'", run.Log);
        Assert.False(File.Exists(project.Results));
    }

    // project.csproj(12): error HFT001: message — the form IDEs and CI logs link to the project's line
    static Regex CanonicalError(string code, string message) => new($@"Gate\.csproj\(\d+\): error {code}: {message}");

    /// <summary>A temp project that uses HfTrain.MSBuild from the packed artifacts, restored into its own package folder.</summary>
    sealed class GateProject
    {
        readonly InstalledTool _tool;
        readonly string _folder;
        readonly Dictionary<string, string> _environment;

        public string ProjectFile => Path.Combine(_folder, "Gate.csproj");

        public string Input => Path.Combine(_folder, "settings.json");

        public string Results => Path.Combine(_folder, "obj", "hf-train", "all_results.json");

        public GateProject(InstalledTool tool, string name, string arguments = "--do_eval --max_eval_samples 8 --predict_with_generate --val_max_target_length 8",
            string frameworks = "TargetFramework")
        {
            _tool = tool;
            _folder = tool.NewFolder(name);
            // a package folder of its own: a same-version package from an earlier checkout must not be reused
            _environment = new()
            {
                ["NUGET_PACKAGES"] = Path.Combine(_folder, ".nuget"),
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            };
            File.WriteAllText(Path.Combine(_folder, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="artifacts" value="{tool.PackageSource}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Input, "{}");
            File.WriteAllText(ProjectFile, $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <{frameworks}>net10.0</{frameworks}>
                    <HfTrainCommand>"{tool.Executable}"</HfTrainCommand>
                    <HfTrainTask>summarization</HfTrainTask>
                    <HfTrainArguments>{arguments}</HfTrainArguments>
                    <HfTrainGateMetric>eval_rouge1</HfTrainGateMetric>
                    <HfTrainGateMin>0</HfTrainGateMin>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="HfTrain.MSBuild" Version="*" PrivateAssets="all" />
                    <HfTrainInput Include="settings.json" />
                  </ItemGroup>
                </Project>
                """);
        }

        public (int Code, string Log) Build(params string[] properties)
        {
            var (code, output, error) = _tool.Dotnet(["build", "-t:HfTrainGate", "-tl:off", "-nr:false", .. properties], _folder, _environment);
            return (code, output + error);
        }
    }
}
