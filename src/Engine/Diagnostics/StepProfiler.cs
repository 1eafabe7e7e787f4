using System.Diagnostics;
using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace HfTrain.Engine.Diagnostics;

/// <summary>
/// Where a training step's time goes, for performance work (HF_TRAIN_PROFILE=1; docs/PERFORMANCE.md). At each phase
/// boundary it records how long the host took to issue the phase, then waits for the device and records how long the
/// device still needed. The waits serialise host and device, so the profiled run is slower than a normal one; the
/// split tells which side bounds a phase. The first <see cref="WarmupSteps"/> steps are not counted.
/// </summary>
public sealed class StepProfiler(Device device, string title = "Step", int warmupSteps = StepProfiler.WarmupSteps)
{
    public const string Variable = "HF_TRAIN_PROFILE";
    public const int WarmupSteps = 20;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _gcPauseAtStart = GC.GetTotalPauseDuration();
    private readonly int[] _collectionsAtStart = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    private readonly (long Methods, TimeSpan Time) _jitAtStart = Jit();
    private (long Methods, TimeSpan Time)? _jitAfterWarmup;
    private readonly Dictionary<string, (double Issue, double Wait)> _totals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _warmupTotals = new(StringComparer.Ordinal);
    private readonly List<string> _order = [], _warmupOrder = [];
    private double _last, _warmup;
    private int _steps;

    /// <summary>
    /// The active profiler (the training loop's, or an evaluation's while it runs) for finer marks inside the model
    /// (HF_TRAIN_PROFILE=2 only, where the extra waits are worth the detail); null otherwise.
    /// </summary>
    public static StepProfiler? Fine { get; private set; }

    private bool _fine;

    /// <summary>Makes this profiler receive the model's marks (when fine) until the returned scope ends; the previous
    /// one gets them back then (an evaluation inside training hands them back to the training loop).</summary>
    public IDisposable Activate()
    {
        var previous = Fine;
        if (_fine)
            Fine = this;
        return new Restore(() => Fine = previous);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary>Marks a phase inside the model when fine profiling is on.</summary>
    public static void FineMark(string phase) => Fine?.Mark(phase);

    /// <summary>A profiler when HF_TRAIN_PROFILE is 1 (or 2, with fine marks), else null.</summary>
    public static StepProfiler? FromEnvironment(Device device, string title = "Step", int warmupSteps = WarmupSteps) =>
        Environment.GetEnvironmentVariable(Variable) switch
        {
            "1" => new StepProfiler(device, title, warmupSteps),
            "2" => new StepProfiler(device, title, warmupSteps) { _fine = true },
            _ => null,
        };

    /// <summary>Starts timing the next phase (after the data wait, which is recorded as "data").</summary>
    public void Begin() => Mark("data", wait: false);

    /// <summary>Ends a phase: the host's issue time, then the device's remaining time.</summary>
    public void Mark(string phase, bool wait = true)
    {
        double now = _clock.Elapsed.TotalMilliseconds;
        double issue = now - _last;
        double waited = 0;
        if (wait && device.type == TorchSharp.DeviceType.CUDA)
        {
            cuda.synchronize(device);
            double after = _clock.Elapsed.TotalMilliseconds;
            waited = after - now;
            now = after;
        }
        _last = now;
        if (_steps < warmupSteps)
        {
            _warmup += issue + waited;
            if (!_warmupTotals.TryGetValue(phase, out double spent))
                _warmupOrder.Add(phase);
            _warmupTotals[phase] = spent + issue + waited;
            return;
        }
        _jitAfterWarmup ??= Jit();
        if (!_totals.TryGetValue(phase, out var total))
            _order.Add(phase);
        _totals[phase] = (total.Issue + issue, total.Wait + waited);
    }

    /// <summary>Ends a step.</summary>
    public void EndStep() => _steps++;

    /// <summary>Mean milliseconds per counted step: host issue and device wait per phase.</summary>
    public string Report()
    {
        int counted = Math.Max(1, _steps - warmupSteps);
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{title} profile ({counted} steps after {warmupSteps} warm-up steps; ms per step: host issue + device wait):\n");
        double sum = 0;
        foreach (string phase in _order)
        {
            var (issue, wait) = _totals[phase];
            sum += issue + wait;
            text.Append(CultureInfo.InvariantCulture, $"  {phase,-10} {issue / counted,8:0.00} + {wait / counted,8:0.00}\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"  {"total",-10} {sum / counted,8:0.00}\n");
        text.Append(CultureInfo.InvariantCulture, $"  warm-up steps took {_warmup:0.0} ms in all");
        if (_warmupOrder.Count > 0)
            text.Append(": ").AppendJoin(", ", _warmupOrder.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p} {_warmupTotals[p]:0.0}")));
        // .NET garbage collections pause every thread, the one issuing kernels too: their share of the host time
        double paused = (GC.GetTotalPauseDuration() - _gcPauseAtStart).TotalMilliseconds;
        text.Append(CultureInfo.InvariantCulture, $"\n  .NET GC paused {paused:0.0} ms in all (collections gen0/1/2: ")
            .AppendJoin('/', Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - _collectionsAtStart[g])).Append(')');
        // the JIT compiles each .NET method at its first call, on the calling thread: part of the warm-up's host time
        var end = Jit();
        var split = _jitAfterWarmup ?? end;
        text.Append(CultureInfo.InvariantCulture,
            $"\n  .NET JIT compiled {split.Methods - _jitAtStart.Methods} methods in {(split.Time - _jitAtStart.Time).TotalMilliseconds:0.0} ms during warm-up, {end.Methods - split.Methods} in {(end.Time - split.Time).TotalMilliseconds:0.0} ms after (all threads)");
        return text.ToString();
    }

    private static (long Methods, TimeSpan Time) Jit() =>
        (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
}
