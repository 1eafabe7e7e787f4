using System.ComponentModel;
using System.Diagnostics;

namespace HfTrain.Engine.Native;

/// <summary>
/// Where the <c>python3</c> on PATH has its <c>torch</c> package: <see cref="PackageFolder"/>, or why not
/// (<see cref="Failure"/>). Uses <c>importlib.util.find_spec</c>, which locates the package without importing it
/// (importing torch takes seconds and initialises CUDA); the libtorch lives in <c>&lt;package&gt;/lib</c>.
/// </summary>
public sealed record PythonTorchProbe(string? PackageFolder, string? Failure)
{
    const string Script =
        "import importlib.util as u; s = u.find_spec('torch'); " +
        "print(s.submodule_search_locations[0] if s and s.submodule_search_locations else '')";

    public static PythonTorchProbe Found(string packageFolder) => new(packageFolder, null);

    public static PythonTorchProbe NotFound(string why) => new(null, why);

    /// <summary>Runs <c>python3</c> (the one on PATH) with a timeout; never throws.</summary>
    public static PythonTorchProbe Run(TimeSpan timeout)
    {
        var start = new ProcessStartInfo("python3", ["-c", Script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception)
        {
            return NotFound("no python3 on PATH");
        }
        if (process is null)
            return NotFound("python3 could not be started");
        using (process)
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return NotFound($"python3 did not answer within {timeout.TotalSeconds:0} s");
            }
            process.WaitForExit();   // drains the redirected streams
            string folder = output.Result.Trim();
            if (process.ExitCode != 0)
            {
                string last = error.Result.Trim().Split('\n').LastOrDefault() ?? "";
                return NotFound($"python3 failed (exit {process.ExitCode}): {last}");
            }
            return folder.Length == 0 ? NotFound("python3 has no torch package") : Found(folder);
        }
    }
}
