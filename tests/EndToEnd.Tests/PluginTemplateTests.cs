using System.Text.Json.Nodes;

namespace HfTrain.EndToEnd.Tests;

/// <summary>
/// A third party's path, with packages from this checkout only: install the template, make a plugin, build it against
/// the packed HfTrain.Abstractions, install it, and train it for three steps on the tiny model. Each test has its own
/// HOME (plugins, template cache, NuGet packages), so nothing installed by another test, or by the user, leaks in.
/// </summary>
[Collection(nameof(InstalledTool))]
public sealed class PluginTemplateTests(InstalledTool tool)
{
    static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    [Fact]
    public void The_template_makes_the_sample_and_its_published_plugin_trains_evaluates_and_is_listed()
    {
        var user = new User(tool, "template");
        user.Dotnet("new", "install", Directory.GetFiles(tool.PackageSource, "HfTrain.Templates.*.nupkg").Single());
        string project = Path.Combine(user.Work, "Acme.Headline");
        user.Dotnet("new", "hftrain-plugin", "-n", "Acme.Headline", "-o", project);
        AssertSameFiles(Path.Combine(tool.RepositoryRoot, "samples", "Acme.Headline"), project);

        user.WriteNuGetConfig(project);
        string plugins = Path.Combine(user.Home, ".hf-train", "plugins");
        user.Dotnet("publish", Path.Combine(project, "Acme.Headline"), "-c", "Release", "-o", Path.Combine(plugins, "Acme.Headline"));
        Assert.False(File.Exists(Path.Combine(plugins, "Acme.Headline", "HfTrain.Abstractions.dll")), "the contract comes from the host, never the plugin folder");

        var list = user.HfTrain("plugins", "list");
        Assert.Matches(@"headline\s+1\.0\.0\s+user\s", list);
        Assert.DoesNotContain("not loaded", list);
        Assert.Contains("--text_column", user.HfTrain("headline", "--help"));

        string output = Path.Combine(user.Work, "out");
        user.HfTrain("headline", "--model_name_or_path", Fixture("tiny"), "--do_train", "--do_eval", "--predict_with_generate",
            "--train_file", Fixture("workflow", "summarization-train.jsonl"), "--validation_file", Fixture("workflow", "summarization-validation.jsonl"),
            "--source_prefix", "headline: ", "--max_source_length", "64", "--val_max_target_length", "8", "--max_eval_samples", "4",
            "--per_device_train_batch_size", "2", "--max_steps", "3", "--logging_steps", "1", "--output_dir", output);
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "all_results.json")))!.AsObject();
        Assert.True(results.ContainsKey("train_loss") && results.ContainsKey("eval_word_f1") && results.ContainsKey("eval_exact_match"), results.ToJsonString());
        Assert.Equal(3, JsonNode.Parse(File.ReadAllText(Path.Combine(output, "trainer_state.json")))!["global_step"]!.GetValue<int>());
    }

    [Fact]
    public void The_task_name_is_the_last_name_segment_lower_cased()
    {
        var user = new User(tool, "template-name");
        user.Dotnet("new", "install", Directory.GetFiles(tool.PackageSource, "HfTrain.Templates.*.nupkg").Single());
        string project = Path.Combine(user.Work, "Contoso.Ml.NewsTitle");
        user.Dotnet("new", "hftrain-plugin", "-n", "Contoso.Ml.NewsTitle", "-o", project);

        Assert.True(File.Exists(Path.Combine(project, "Contoso.Ml.NewsTitle", "Contoso.Ml.NewsTitle.csproj")));
        Assert.True(File.Exists(Path.Combine(project, "Contoso.Ml.NewsTitle.Tests", "Contoso.Ml.NewsTitle.Tests.csproj")));
        Assert.Contains("\"newstitle\",", File.ReadAllText(Path.Combine(project, "Contoso.Ml.NewsTitle", "Plugin.cs")));
        Assert.Contains("hf-train newstitle --help", File.ReadAllText(Path.Combine(project, "README.md")));
    }

    [Fact]
    public void The_sample_packed_as_a_nupkg_installs_with_plugins_install_and_trains()
    {
        var user = new User(tool, "sample-package");
        string project = Path.Combine(user.Work, "Acme.Headline");
        CopyFolder(Path.Combine(tool.RepositoryRoot, "samples", "Acme.Headline"), project);
        user.WriteNuGetConfig(project);
        user.Dotnet("pack", Path.Combine(project, "Acme.Headline"), "-c", "Release", "-o", Path.Combine(user.Work, "packages"));

        string installed = user.HfTrain("plugins", "install", Path.Combine(user.Work, "packages", "Acme.Headline.1.0.0.nupkg"));
        Assert.Contains("Installed task 'headline' 1.0.0", installed);
        Assert.True(File.Exists(Path.Combine(user.Home, ".hf-train", "plugins", "Acme.Headline", "Acme.Headline.dll")));

        string output = Path.Combine(user.Work, "out");
        user.HfTrain("headline", "--model_name_or_path", Fixture("tiny"), "--do_train", "--train_file", Fixture("workflow", "summarization-train.jsonl"),
            "--max_source_length", "64", "--per_device_train_batch_size", "2", "--max_steps", "3", "--output_dir", output);
        Assert.True(File.Exists(Path.Combine(output, "model.safetensors")));
    }

    static void AssertSameFiles(string expected, string actual)
    {
        static Dictionary<string, string> Files(string root) => Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .ToDictionary(f => f, f => File.ReadAllText(Path.Combine(root, f)));
        var want = Files(expected);
        var got = Files(actual);
        Assert.Equal(want.Keys.Order(StringComparer.Ordinal), got.Keys.Order(StringComparer.Ordinal));
        foreach (var (file, text) in want)
            Assert.True(text == got[file], $"samples/Acme.Headline/{file} differs from what the template makes: regenerate the sample (dotnet new hftrain-plugin -n Acme.Headline).");
    }

    static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }

    /// <summary>A user of their own: HOME, the dotnet CLI home (template cache) and NuGet's package folder in a temp folder.</summary>
    sealed class User
    {
        readonly InstalledTool _tool;
        readonly Dictionary<string, string> _environment;

        public string Home { get; }

        public string Work { get; }

        public User(InstalledTool tool, string name)
        {
            _tool = tool;
            Home = tool.NewFolder(name + "-home");
            Work = tool.NewFolder(name);
            _environment = new()
            {
                ["HOME"] = Home,
                ["DOTNET_CLI_HOME"] = Home,
                // a package folder of its own: a same-version HfTrain.Abstractions from an earlier checkout must not be reused
                ["NUGET_PACKAGES"] = Path.Combine(Home, ".nuget", "packages"),
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
                [PluginPathVariable] = "",
            };
        }

        const string PluginPathVariable = "HF_TRAIN_PLUGIN_PATH";

        /// <summary>The packed artifacts as the only package source (the plugin project needs HfTrain.Abstractions alone).</summary>
        public void WriteNuGetConfig(string folder) => File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="artifacts" value="{_tool.PackageSource}" />
              </packageSources>
            </configuration>
            """);

        public string Dotnet(params string[] args)
        {
            var (code, output, error) = _tool.Dotnet(args, Work, _environment);
            Assert.True(code == 0, $"dotnet {string.Join(' ', args)}: exit {code}\n{output}\n{error}");
            return output;
        }

        public string HfTrain(params string[] args)
        {
            var (code, output, error) = _tool.Run(args, Work, _environment);
            Assert.True(code == 0, $"hf-train {string.Join(' ', args)}: exit {code}\n{output}\n{error}");
            return output;
        }
    }
}
