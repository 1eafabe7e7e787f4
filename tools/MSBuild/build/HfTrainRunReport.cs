// Compiled by RoslynCodeTaskFactory when the build uses HfTrain.MSBuild.targets (so: plain C#, netstandard2.0 APIs,
// for the .NET SDK's MSBuild and Visual Studio's alike).
using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Turns an hf-train run's exit code and its "error: …" lines into MSBuild errors in canonical form
/// (<c>project.csproj(12): error HFT101: …</c>), pointing at the project's HfTrainArguments line so IDEs and CI logs
/// link to the place to fix. Exec itself neither parses the output nor fails on the exit code.
/// </summary>
public sealed class HfTrainRunReport : Task
{
    public int ExitCode { get; set; }

    public ITaskItem[] Output { get; set; } = new ITaskItem[0];

    public string Command { get; set; } = "";

    public string ProjectFile { get; set; } = "";

    public string ResultsFile { get; set; } = "";

    public override bool Execute()
    {
        if (ExitCode == 0)
        {
            if (!File.Exists(ResultsFile))
                Log.LogError(null, "HFT003", null, ProjectFile, LineOf(ProjectFile, "<HfTrainArguments"), 0, 0, 0, "{0}",
                    "hf-train finished but wrote no " + ResultsFile + ": add --do_eval (or --do_train, --do_predict) to HfTrainArguments.");
            return !Log.HasLoggedErrors;
        }

        string code = CodeOf(ExitCode);
        int line = LineOf(ProjectFile, "<HfTrainArguments");
        int errors = 0;
        foreach (ITaskItem item in Output)
        {
            string text = item.ItemSpec.Trim();
            if (!text.StartsWith("error:", StringComparison.Ordinal))
                continue;
            Log.LogError(null, code, null, ProjectFile, line, 0, 0, 0, "{0}", "hf-train: " + text.Substring("error:".Length).Trim());
            errors++;
        }
        if (errors == 0)
            Log.LogError(null, code, null, ProjectFile, line, 0, 0, 0, "{0}", "'" + Command + "' exited with code " + ExitCode + ": " + MeaningOf(ExitCode));
        return false;
    }

    // hf-train's exit codes (README): 1 usage error, 2 failure, 130 interrupted after saving a checkpoint.
    // 127 is the shell's "command not found" (9009 is cmd.exe's).
    static string CodeOf(int exitCode)
    {
        switch (exitCode)
        {
            case 1: return "HFT101";
            case 2: return "HFT102";
            case 127: case 9009: return "HFT127";
            case 130: return "HFT130";
            default: return "HFT100";
        }
    }

    static string MeaningOf(int exitCode)
    {
        switch (exitCode)
        {
            case 1: return "a usage error; check HfTrainArguments.";
            case 2: return "the run failed (data, files or training); the lines above say why.";
            case 127: case 9009: return "command not found; install the tool (dotnet tool install --local HfTrain) or set HfTrainCommand.";
            case 130: return "interrupted after saving a checkpoint; the next build resumes the run.";
            default: return "the tool stopped unexpectedly; the lines above say why.";
        }
    }

    /// <summary>The 1-based line of the first line in <paramref name="file"/> containing <paramref name="text"/>, else 0.</summary>
    static int LineOf(string file, string text)
    {
        if (!File.Exists(file))
            return 0;
        string[] lines = File.ReadAllLines(file);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].IndexOf(text, StringComparison.Ordinal) >= 0)
                return i + 1;
        }
        return 0;
    }
}
