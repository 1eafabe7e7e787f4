using System.Diagnostics;

namespace HfTrain.Distributed.Tests;

/// <summary>Starts a real <c>mpirun -np N --oversubscribe</c> and collects what every rank printed.</summary>
internal static class MpiRun
{
    /// <summary>How long a world may run before the test gives up on it (a hang guard, not a timing check).</summary>
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public static (int ExitCode, string Output, string Errors) Start(int ranks, params string[] command) =>
        Start(["-np", ranks.ToString(), .. command]);

    /// <summary>mpirun with its own arguments (<c>-np N program …</c>, or the MPMD form with <c>:</c>).</summary>
    public static (int ExitCode, string Output, string Errors) Start(IEnumerable<string> arguments)
    {
        string mpirun = Which("mpirun") ?? throw new InvalidOperationException(
            "mpirun is not installed: apt-get install openmpi-bin libopenmpi3 (.ci/run installs them when missing).");
        var start = new ProcessStartInfo(mpirun) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "--oversubscribe" }.Concat(arguments))
            start.ArgumentList.Add(a);
        Configure(start);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mpirun did not finish within {Limit.TotalMinutes} minutes; output so far:\n{output.Result}\n{errors.Result}");
        }
        return (process.ExitCode, output.Result, errors.Result);
    }

    /// <summary>The environment Open MPI needs in CI containers: running as root allowed, shared memory without
    /// ptrace (single-copy off), one thread per rank on the shared cores, and plain text output.</summary>
    public static void Configure(ProcessStartInfo start)
    {
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        start.Environment["OMPI_MCA_btl_vader_single_copy_mechanism"] = "none";
        start.Environment["OMPI_MCA_rmaps_base_oversubscribe"] = "1";
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["TERM"] = "dumb";                              // mpirun gives ranks a pty: no terminal escapes
    }

    public static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);

    /// <summary>The dotnet host that runs these tests (DOTNET_HOST_PATH, set by dotnet test), else the one on PATH.</summary>
    public static string Dotnet() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Which("dotnet") ?? throw new InvalidOperationException("dotnet is not on PATH.");

    /// <summary>This test assembly as a program (its <see cref="RankProgram"/>): dotnet and the dll.</summary>
    public static string[] ThisProgram() => [Dotnet(), typeof(MpiRun).Assembly.Location];
}
