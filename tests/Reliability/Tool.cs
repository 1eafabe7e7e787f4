using System.Diagnostics;
using System.Text;

namespace HfTrain.Reliability;

/// <summary>The built hf-train of the test's output folder, run as a separate process (kill -9 needs one).</summary>
internal sealed class Tool : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();

    Tool(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public static Tool Start(string[] args, string workingDirectory)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "hf-train"))
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (string a in args)
            start.ArgumentList.Add(a);
        start.Environment["HF_HOME"] = Path.Combine(workingDirectory, "hf-home");
        start.Environment["HF_DATASETS_CACHE"] = Path.Combine(workingDirectory, "hf-home", "datasets");
        start.Environment.Remove("HF_TRAIN_DEBUG");
        return new Tool(Process.Start(start)!);
    }

    public static (int Code, string Output) Run(string[] args, string workingDirectory)
    {
        using var tool = Start(args, workingDirectory);
        if (!tool._process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            tool.Kill();
            return (-1, tool.Output + "\n(timed out)");
        }
        tool._process.WaitForExit();                                                   // drains the output events
        return (tool._process.ExitCode, tool.Output);
    }

    /// <summary>True once the output holds <paramref name="text"/>; false when the process ends first or the time runs out.</summary>
    public bool WaitFor(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Output.Contains(text, StringComparison.Ordinal))
                return true;
            if (_process.HasExited)
            {
                _process.WaitForExit();
                return Output.Contains(text, StringComparison.Ordinal);
            }
            Thread.Sleep(1);
        }
        return false;
    }

    /// <summary>SIGKILL (Process.Kill on Unix), then waits for the process to be gone.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
        _process.WaitForExit();
    }

    public string LastStep()
    {
        string text = Output;
        int at = text.LastIndexOf("[step ", StringComparison.Ordinal);
        return at < 0 ? "none" : text[at..Math.Min(text.Length, text.IndexOf(',', at) is int comma and >= 0 ? comma : text.Length)] + "]";
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            Kill();
        _process.Dispose();
    }

    void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
