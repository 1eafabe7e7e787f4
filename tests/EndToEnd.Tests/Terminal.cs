using System.Diagnostics;

namespace HfTrain.EndToEnd.Tests;

/// <summary>
/// Runs the installed tool in a pseudo-terminal, as a user's shell does: util-linux <c>script -qec</c> gives it a pty
/// for stdin, stdout and stderr, and copies what the terminal showed to its own stdout.
/// </summary>
public static class Terminal
{
    public static (int Code, string Screen) Run(InstalledTool tool, string[] args, IDictionary<string, string> environment, string workingDirectory)
    {
        string command = string.Join(' ', args.Prepend(tool.Executable).Select(Quote));
        var start = new ProcessStartInfo("script") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (string arg in new[] { "-qec", command, "/dev/null" })
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment.Remove("CI");   // a user's terminal, not a CI log
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish in a terminal within 10 minutes.");
        }
        return (process.ExitCode, output.Result + error.Result);
    }

    static string Quote(string arg) => "'" + arg.Replace("'", "'\\''") + "'";
}
