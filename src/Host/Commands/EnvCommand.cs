using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using HfTrain.Data.Caching;
using HfTrain.Engine.Native;
using HfTrain.Host.Plugins;

namespace HfTrain.Host.Commands;

/// <summary><c>hf-train env</c>: a block to paste into a bug report, like <c>accelerate env</c>.</summary>
internal sealed class EnvCommand(PluginCatalog catalog) : IHostCommand
{
    public Command Create()
    {
        var command = new Command("env", "Print versions, the libtorch files loaded, CUDA devices, the machine, the tokenized-data cache folder and the HF_* variables (for bug reports).");
        // hidden: a matmul on cuda:0, to check a GPU install end to end
        var checkCuda = new Option<bool>("--check-cuda") { Hidden = true };
        command.Options.Add(checkCuda);
        command.SetAction(result =>
        {
            result.InvocationConfiguration.Output.Write(Describe(catalog, Environment.GetEnvironmentVariables()));
            if (result.GetValue(checkCuda))
                result.InvocationConfiguration.Output.WriteLine(TorchRuntime.CheckCuda());
            return 0;
        });
        return command;
    }

    public static string Describe(PluginCatalog catalog, System.Collections.IDictionary environment)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("Copy-and-paste the text below in your GitHub issue.");
        text.AppendLine();
        text.AppendLine($"- hf-train version: {ToolVersion.Text}");
        text.AppendLine($"- HfTrain.Abstractions (plugin contract): {PluginCompatibility.HostContractVersion}");
        foreach (LoadedPlugin p in catalog.Plugins)
            text.AppendLine($"- plugin {p.Name}: {p.Plugin.Descriptor.Version} ({p.Folder})");
        foreach (PluginFailure f in catalog.Failures)
            text.AppendLine($"- plugin not loaded: {f.Folder}: {f.Reason}");
        string cache = TokenizedCache.DefaultFolder(name => environment[name] as string);
        text.AppendLine($"- Tokenized-data cache: {cache} (HF_DATASETS_CACHE, else HF_HOME/datasets; --overwrite_cache rebuilds)");
        text.AppendLine($"- TorchSharp version: {typeof(TorchSharp.torch).Assembly.GetName().Version}");
        foreach (string line in TorchRuntime.Report())
            text.AppendLine(line);
        text.AppendLine($"- .NET runtime: {RuntimeInformation.FrameworkDescription}");
        AppendWorker(text, name => environment[name] as string);
        text.AppendLine($"- OS: {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})");
        text.AppendLine($"- CPUs: {Environment.ProcessorCount}");
        text.AppendLine($"- Memory: {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):F1} GiB");
        var variables = environment.Keys.Cast<string>()
            .Where(k => k.StartsWith("HF_", StringComparison.Ordinal) || k == "CUDA_VISIBLE_DEVICES")
            .Order(StringComparer.Ordinal).ToList();
        text.AppendLine(variables.Count == 0 ? "- HF_* variables: none set" : "- Environment variables:");
        foreach (string key in variables)
            text.AppendLine($"  - {key}={(key.Contains("TOKEN", StringComparison.Ordinal) ? "<set, hidden>" : environment[key])}");
        return text.ToString();
    }

    /// <summary>The launcher, rank, local rank, world and backend this process would run with (see docs/DISTRIBUTED.md).</summary>
    static void AppendWorker(System.Text.StringBuilder text, Func<string, string?> variables)
    {
        try
        {
            var worker = HfTrain.Distributed.Workers.WorkerEnvironment.Detect(variables);
            text.AppendLine($"- Launcher: {worker.Summary}");
            string backend = HfTrain.Distributed.Workers.BackendChoice.Describe(variables, TorchSharp.torch.cuda.is_available());
            text.AppendLine($"- Backend: {backend}{(worker.IsDistributed ? "" : "; used when started by a launcher")}");
        }
        catch (HfTrain.Distributed.Workers.WorkerEnvironmentException e)
        {
            text.AppendLine($"- Launcher: {e.Message}");
        }
    }
}
