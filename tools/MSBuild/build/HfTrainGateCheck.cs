// Compiled by RoslynCodeTaskFactory when the build uses HfTrain.MSBuild.targets (so: plain C#, netstandard2.0 APIs,
// for the .NET SDK's MSBuild and Visual Studio's alike; hence a regex for the flat all_results.json, not a JSON library).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// The HfTrainGate check: <c>Metric</c> in all_results.json must be at least <c>Min</c> and at most <c>Max</c>.
/// Errors point at the project's line that sets the bound (HFT001) or the metric (HFT002, HFT004).
/// </summary>
public sealed class HfTrainGateCheck : Task
{
    // all_results.json is one flat object of "name": value pairs (transformers' Trainer.save_metrics).
    static readonly Regex Pair = new Regex("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\s]+)");

    public string ResultsFile { get; set; } = "";

    public string ProjectFile { get; set; } = "";

    public string Metric { get; set; } = "";

    public string Min { get; set; } = "";

    public string Max { get; set; } = "";

    public bool AsWarning { get; set; }

    public override bool Execute()
    {
        double min = 0, max = 0;
        bool hasMin = !string.IsNullOrWhiteSpace(Min), hasMax = !string.IsNullOrWhiteSpace(Max);
        if (string.IsNullOrWhiteSpace(Metric))
            return Fail("HFT004", "<HfTrainGateMetric", "HfTrainGateMetric is not set: name a metric of all_results.json (e.g. eval_rouge1, eval_loss).");
        if (!hasMin && !hasMax)
            return Fail("HFT004", "<HfTrainGateMetric", "set HfTrainGateMin or HfTrainGateMax (or both) for " + Metric + ".");
        if (hasMin && !TryNumber(Min, out min))
            return Fail("HFT004", "<HfTrainGateMin", "HfTrainGateMin '" + Min + "' is not a number.");
        if (hasMax && !TryNumber(Max, out max))
            return Fail("HFT004", "<HfTrainGateMax", "HfTrainGateMax '" + Max + "' is not a number.");
        if (!File.Exists(ResultsFile))
            return Fail("HFT003", "<HfTrainArguments", ResultsFile + " does not exist: the HfTrain run wrote no results.");

        var metrics = new List<string>();
        string raw = null;
        foreach (Match pair in Pair.Matches(File.ReadAllText(ResultsFile)))
        {
            metrics.Add(pair.Groups[1].Value);
            if (pair.Groups[1].Value == Metric)
                raw = pair.Groups[2].Value.Trim('"');
        }
        if (raw == null)
            return Fail("HFT002", "<HfTrainGateMetric", Metric + " is not in " + ResultsFile + "; it has: " + (metrics.Count == 0 ? "no metrics" : string.Join(", ", metrics.ToArray())) + ".");

        double value;
        string verdict = null, line = null;
        if (!TryNumber(raw, out value))
            verdict = Metric + " " + raw + " is not a number";
        else if (hasMin && value < min)
            verdict = Metric + " " + raw + " < " + Min.Trim();
        else if (hasMax && value > max)
            verdict = Metric + " " + raw + " > " + Max.Trim();
        if (verdict != null)
        {
            line = hasMin && (!hasMax || value < min) ? "<HfTrainGateMin" : "<HfTrainGateMax";
            string message = verdict + " (" + ResultsFile + ")";
            if (AsWarning)
            {
                Log.LogWarning(null, "HFT001", null, ProjectFile, LineOf(line), 0, 0, 0, "{0}", message);
                return true;
            }
            return Fail("HFT001", line, message);
        }

        string bounds = (hasMin ? " >= " + Min.Trim() : "") + (hasMin && hasMax ? " and" : "") + (hasMax ? " <= " + Max.Trim() : "");
        Log.LogMessage(MessageImportance.High, "HfTrainGate: {0} {1}{2} ({3})", Metric, raw, bounds, ResultsFile);
        return true;
    }

    bool Fail(string code, string element, string message)
    {
        Log.LogError(null, code, null, ProjectFile, LineOf(element), 0, 0, 0, "{0}", message);
        return false;
    }

    // the project's line that sets the property (or the metric's, where the bound came from the command line)
    int LineOf(string element)
    {
        int line = LineOf(ProjectFile, element);
        return line > 0 ? line : LineOf(ProjectFile, "<HfTrainGateMetric");
    }

    static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value);

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
