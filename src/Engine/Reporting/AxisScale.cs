using System.Globalization;

namespace HfTrain.Engine.Reporting;

/// <summary>
/// A linear axis over "nice" ticks (1, 2, 2.5, 5 × 10^k, Heckbert's Graphics Gems labels) that cover the data,
/// and tick labels with just enough decimals (scientific for learning rates like 5e-5).
/// </summary>
sealed record AxisScale(double Min, double Max, IReadOnlyList<double> Ticks)
{
    /// <param name="integers">Steps: ticks on whole numbers only, a lone step gets ±1 of room.</param>
    public static AxisScale Covering(IEnumerable<double> values, int targetTicks = 5, bool integers = false)
    {
        var list = values.Where(double.IsFinite).ToList();
        double lo = list.Count == 0 ? 0 : list.Min(), hi = list.Count == 0 ? 1 : list.Max();
        if (lo == hi)
        {
            // One point or a flat line: give it room so it sits mid-panel instead of on an axis.
            var pad = lo == 0 || integers ? 1 : Math.Abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        var step = Nice((hi - lo) / Math.Max(1, targetTicks - 1));
        if (integers) step = Math.Max(1, Math.Round(step));
        var min = Math.Floor(lo / step) * step;
        var max = Math.Ceiling(hi / step) * step;
        var ticks = new List<double>();
        for (var t = min; t <= max + step * 1e-9; t += step) ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        return new(min, max, ticks);
    }

    /// <summary>Maps a value to a pixel coordinate between <paramref name="from"/> (at Min) and <paramref name="to"/> (at Max).</summary>
    public double Map(double value, double from, double to) => from + (value - Min) / (Max - Min) * (to - from);

    public string Label(double value)
    {
        var step = Ticks.Count > 1 ? Ticks[1] - Ticks[0] : Math.Abs(value);
        var magnitude = Math.Max(Math.Abs(Min), Math.Abs(Max));
        if (value == 0) return "0";
        if (magnitude < 1e-3 || magnitude >= 1e6) return value.ToString("0.##e0", CultureInfo.InvariantCulture);
        var decimals = Math.Clamp((int)Math.Ceiling(-Math.Log10(step) - 1e-9), 0, 6);
        var scaled = step * Math.Pow(10, decimals);
        if (Math.Abs(scaled - Math.Round(scaled)) > 1e-6 && decimals < 6) decimals++; // a 2.5 step needs one more
        return value.ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    static double Nice(double rough)
    {
        if (!(rough > 0) || !double.IsFinite(rough)) return 1;
        var exponent = Math.Floor(Math.Log10(rough));
        var fraction = rough / Math.Pow(10, exponent);
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
        return nice * Math.Pow(10, exponent);
    }
}
