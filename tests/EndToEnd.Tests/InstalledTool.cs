using System.Diagnostics;

namespace HfTrain.EndToEnd.Tests;

/// <summary>
/// Packs the tool from this checkout (<c>dotnet pack -c Release</c>, as the README says), installs it into a
/// temporary tool path with <c>dotnet tool install</c>, and runs it as a process. Shared by all tests in the
/// collection: packing takes a minute or two on 2 cores, so it happens once.
/// </summary>
public sealed class InstalledTool : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("hf-train-e2e-").FullName;
    readonly Lazy<string> _packageSource;

    public string Executable { get; }

    /// <summary>The packed tool, <c>HfTrain.&lt;version&gt;.nupkg</c>, as installed.</summary>
    public string Package { get; }

    public string RepositoryRoot { get; } = FindRoot();

    /// <summary>
    /// The folder the tool was packed into, with HfTrain.MSBuild, HfTrain.Abstractions and HfTrain.Templates packed
    /// there too: packed on first use, since only the MSBuild and plugin-template tests need them.
    /// </summary>
    public string PackageSource => _packageSource.Value;

    public InstalledTool()
    {
        string artifacts = Path.Combine(_work, "artifacts");
        string tools = Path.Combine(_work, "tools");
        Check(Process("dotnet", ["pack", Path.Combine(RepositoryRoot, "src", "Host"), "-c", "Release", "-o", artifacts], RepositoryRoot, TimeSpan.FromMinutes(10)));
        // HfTrain.<version>.nupkg, not HfTrain.Abstractions or HfTrain.MSBuild
        Package = Directory.GetFiles(artifacts, "HfTrain.*.nupkg").Single(p => char.IsAsciiDigit(Path.GetFileName(p)["HfTrain.".Length]));
        string version = Path.GetFileNameWithoutExtension(Package)["HfTrain.".Length..];
        Check(Process("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", artifacts, "HfTrain", "--version", version], _work, TimeSpan.FromMinutes(5)));
        Executable = Path.Combine(tools, "hf-train");
        _packageSource = new Lazy<string>(() =>
        {
            foreach (string project in new[] { "tools/MSBuild", "tools/Templates", "src/Abstractions" })
                Check(Process("dotnet", ["pack", Path.Combine(RepositoryRoot, project), "-c", "Release", "-o", artifacts], RepositoryRoot, TimeSpan.FromMinutes(5)));
            return artifacts;
        });
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="args"/> (e.g. a build of a project that uses the tool).</summary>
    public (int Code, string Output, string Error) Dotnet(string[] args, string workingDirectory, IDictionary<string, string>? environment = null) =>
        Process("dotnet", args, workingDirectory, TimeSpan.FromMinutes(10), environment);

    public (int Code, string Output, string Error) Run(string[] args, string? workingDirectory = null, IDictionary<string, string>? environment = null, TimeSpan? timeout = null) =>
        Process(Executable, args, workingDirectory ?? _work, timeout ?? TimeSpan.FromMinutes(10), environment);

    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(_work, name)).FullName;

    /// <summary>Starts the tool without waiting; output lines are collected as they come.</summary>
    public RunningTool Start(string[] args)
    {
        var start = new ProcessStartInfo(Executable) { WorkingDirectory = _work, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        return new RunningTool(System.Diagnostics.Process.Start(start)!);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    static (int, string, string) Process(string file, string[] args, string cwd, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}.");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    static void Check((int Code, string Output, string Error) run)
    {
        if (run.Code != 0)
            throw new InvalidOperationException($"exit {run.Code}\n{run.Output}\n{run.Error}");
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tasks.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Tasks.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A tool process in flight: its output so far, and ways to stop it.</summary>
public sealed class RunningTool : IDisposable
{
    readonly System.Text.StringBuilder _output = new();

    public Process Process { get; }

    public RunningTool(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Waits until <paramref name="condition"/> holds (polling), or fails after <paramref name="timeout"/>.</summary>
    public void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (Process.HasExited)
                throw new InvalidOperationException($"the tool exited ({Process.ExitCode}) before {what}:\n{Output}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{what} did not happen within {timeout}:\n{Output}");
            Thread.Sleep(50);
        }
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!Process.WaitForExit(timeout))
        {
            Process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the tool did not exit within {timeout}:\n{Output}");
        }
        Process.WaitForExit();
        return Process.ExitCode;
    }

    public void Dispose()
    {
        if (!Process.HasExited)
            Process.Kill(entireProcessTree: true);
        Process.Dispose();
    }
}

[CollectionDefinition(nameof(InstalledTool))]
public sealed class InstalledToolCollection : ICollectionFixture<InstalledTool>;
