using System.Text.RegularExpressions;

namespace HfTrain.Reliability;

/// <summary>
/// The bad-input corpus: every case must end with its exit code, an error message holding its key words, and no
/// stack frame. Each outcome is also classed (clear / stack trace / silent / unclear) into a tally written to
/// <c>$HF_TRAIN_RELIABILITY_REPORT</c> when set, the figures of docs/RELIABILITY.md.
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class BadInputTests
{
    static readonly Dictionary<string, BadInput> All =
        CorpusCli.Cases().Concat(CorpusData.Cases()).Concat(CorpusModels.Cases()).Concat(CorpusRuns.Cases())
            .ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static TheoryData<string> Names() => new(All.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void The_corpus_holds_at_least_a_hundred_cases() => Assert.True(All.Count >= 100, $"{All.Count} cases");

    [Theory]
    [MemberData(nameof(Names))]
    public void Bad_input_is_refused_clearly(string name)
    {
        BadInput input = All[name];
        using var dir = new TempDir();
        var (code, output, error) = HostHarness.Run(input.Args(new Workspace(dir.Path)));
        string all = output + error;
        string verdict = Classify(input, code, all);
        Tally.Record(name, verdict, code, error);

        Assert.False(StackFrame().IsMatch(all), $"stack trace printed:\n{all}");
        Assert.True(code == input.Exit, $"exit {code}, expected {input.Exit}:\n{all}");
        foreach (string key in input.Keys)
            Assert.True(all.Contains(key, StringComparison.OrdinalIgnoreCase), $"'{key}' missing from:\n{all}");
        Assert.StartsWith("error: ", error.Split('\n').FirstOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal)) ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void A_stack_trace_prints_only_with_HF_TRAIN_DEBUG()
    {
        using var dir = new TempDir();
        string[] args = All["checkpoint: an empty folder"].Args(new Workspace(dir.Path));
        Environment.SetEnvironmentVariable("HF_TRAIN_DEBUG", "1");
        try
        {
            var (code, _, error) = HostHarness.Run(args);
            Assert.Equal(2, code);
            Assert.Contains("is not a checkpoint", error);
            Assert.Matches(StackFrame(), error);
        }
        finally
        {
            Environment.SetEnvironmentVariable("HF_TRAIN_DEBUG", null);
        }
    }

    static string Classify(BadInput input, int code, string all) =>
        StackFrame().IsMatch(all) ? "stack trace"
        : code == 0 ? "silent"
        : code == input.Exit && input.Keys.All(k => all.Contains(k, StringComparison.OrdinalIgnoreCase)) ? "clear"
        : "unclear";

    /// <summary>A .NET stack frame line ("   at Namespace.Type.Method(...)").</summary>
    [GeneratedRegex(@"^\s+at \S+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}

/// <summary>Outcomes of the run, one line per case, appended to $HF_TRAIN_RELIABILITY_REPORT when set.</summary>
internal static class Tally
{
    static readonly object Gate = new();

    public static void Record(string name, string verdict, int code, string error)
    {
        if (Environment.GetEnvironmentVariable("HF_TRAIN_RELIABILITY_REPORT") is not { Length: > 0 } path)
            return;
        string first = error.Split('\n').FirstOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal)) ?? error.Split('\n')[0];
        lock (Gate)
            File.AppendAllText(path, $"{verdict}\t{code}\t{name}\t{first.Trim()}\n");
    }
}
