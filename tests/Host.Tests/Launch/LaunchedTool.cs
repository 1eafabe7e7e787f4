using System.Diagnostics;

namespace HfTrain.Host.Tests.Launch;

/// <summary>
/// <c>hf-train launch ...</c> as a real process (the tool's apphost from the build output), its output collected
/// line by line, so a test can wait for the ranks to start, signal the launcher or a rank, and read the exit code.
/// </summary>
internal sealed class LaunchedTool : IDisposable
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    readonly Process _process;
    readonly List<string> _output = [];
    readonly List<string> _error = [];
    readonly Lock _lock = new();
    readonly string _scratch = Directory.CreateTempSubdirectory("hf-train-launch-test-").FullName;

    public LaunchedTool(params string[] args) : this(null, args)
    {
    }

    /// <param name="prepareHome">writes files into the run's own HF_HOME before it starts (a config file, say).</param>
    public LaunchedTool(Action<string>? prepareHome, params string[] args)
    {
        // through env (which execs, keeping the pid): a test host started as a background job of a non-interactive
        // shell (a CI script's `&`) has SIGINT ignored, and an ignored signal stays ignored across exec, so the
        // launcher would never see the Ctrl+C the test sends; --default-signal gives it back its default
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hf-train"));
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        // the run's own HF_HOME (no user config file) and TMPDIR (the status folder of a launcher killed with
        // SIGKILL stays there, and goes with the test)
        string home = Path.Combine(_scratch, "home");
        Directory.CreateDirectory(home);
        prepareHome?.Invoke(home);
        start.Environment["HF_HOME"] = home;
        start.Environment["TMPDIR"] = _scratch;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_lock) _output.Add(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_lock) _error.Add(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output { get { lock (_lock) return string.Join('\n', _output); } }

    public string Error { get { lock (_lock) return string.Join('\n', _error); } }

    /// <summary>Waits until the output has <paramref name="count"/> lines containing <paramref name="text"/>; their text.</summary>
    public IReadOnlyList<string> WaitFor(string text, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            List<string> found;
            lock (_lock)
                found = _output.Where(l => l.Contains(text, StringComparison.Ordinal)).ToList();
            if (found.Count >= count)
                return found;
            if (_process.HasExited)
                break;
            Thread.Sleep(50);
        }
        throw new Xunit.Sdk.XunitException($"no {count} lines with '{text}'.\nstdout:\n{Output}\nstderr:\n{Error}");
    }

    /// <summary>The number after "pid " in each line (the ranks print their own).</summary>
    public static IReadOnlyList<int> Pids(IEnumerable<string> lines) =>
        lines.Select(l => int.Parse(l[(l.IndexOf("pid ", StringComparison.Ordinal) + 4)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();

    public int Exit()
    {
        if (!_process.WaitForExit(Patience))
            throw new Xunit.Sdk.XunitException($"the launcher did not end.\nstdout:\n{Output}\nstderr:\n{Error}");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public static void Signal(int pid, string signal) =>
        Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    /// <summary>True once every process is gone (zombies count as gone), waiting up to a minute for their ends.</summary>
    public static bool AllGone(IReadOnlyList<int> pids)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            if (pids.All(pid => !File.Exists($"/proc/{pid}/stat") || File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z')))
                return true;
            Thread.Sleep(100);
        }
        return false;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
        Directory.Delete(_scratch, recursive: true);
    }
}
